"""The complaint desk (投诉受理): list, register dialog, case screen and the emergency banner."""

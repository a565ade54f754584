"""物业客户服务桌面系统 — the property-management office's customer-service desktop."""

__version__ = "0.1.0"
APP_NAME = "物业客户服务桌面系统"

"""Pure business rules: entities, enums, the complaint life cycle, deadlines, calendar, validators."""

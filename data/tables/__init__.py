"""The slides small tables, shipped inside course_lib as course_lib.tables (see pyproject.toml)."""

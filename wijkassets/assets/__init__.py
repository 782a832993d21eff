"""The ABCD asset register: schema, import, validation, privacy, export."""

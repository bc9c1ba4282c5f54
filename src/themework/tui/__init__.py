"""The Textual workbench. Screens call services only; no screen opens a session."""

"""The Qt GUI. The only package that imports PySide6; it calls services, never a Session."""

"""Spotcheck: the desktop tool for 双随机、一公开 spot checks of testing institutions.

The name, id and version live here so that the CLI, the About box and the
PyInstaller spec read them from one place.
"""

APP_NAME = "Spotcheck"
APP_DISPLAY_NAME = "检验检测机构监督抽查"
APP_ID = "spotcheck"
ORGANIZATION = "Spotcheck"
__version__ = "0.1.0"

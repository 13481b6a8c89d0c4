from .html import render_report, write_report
from .store_report import render_single, write_store_report

__all__ = ["render_report", "render_single", "write_report", "write_store_report"]

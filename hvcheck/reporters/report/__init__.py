"""The formats of ``hvcheck report``: compatibility reports for the people who decide what to buy
and what to migrate. Every module here has ``stream(data: ReportData)``."""

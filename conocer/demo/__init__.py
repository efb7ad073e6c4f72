"""Realistic Spanish demo data for the embedded registry (`python manage.py load_demo`)."""

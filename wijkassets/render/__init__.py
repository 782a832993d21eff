"""Render: interactive maps (folium), print maps (matplotlib) and charts over time."""

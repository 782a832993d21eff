"""Analysis: join assets to areas, strength and deficit indicators, profiles, walk routes."""

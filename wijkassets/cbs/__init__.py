"""CBS statistics: Kerncijfers wijken en buurten per year, harmonised to stable indicator names."""

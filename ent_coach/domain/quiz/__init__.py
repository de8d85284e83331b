"""The legal and RGPD quiz: items, presentation, scoring, draws and the review schedule."""

"""The « Auto-évaluation » section: rate oneself on the CRCN, see the profile and its change."""

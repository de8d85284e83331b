"""The « Parcours » section: the catalogue of guided pathways, one pathway's steps, the
activity dialog and the attestation of completion."""

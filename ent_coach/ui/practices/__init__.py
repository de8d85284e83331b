"""The « Bonnes pratiques » section: browse, search, favourites, own practices, sharing."""

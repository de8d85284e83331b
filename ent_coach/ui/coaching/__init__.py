"""The séance screens: planning, import of progress bundles, dashboard and reports."""

"""The quiz screens: home (modes, history, mastery), a question, results and answer review."""

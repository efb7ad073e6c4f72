"""Pages of recognition: `public` (the route, applying, tracking) and `staff` (CONOCER's
systems, equivalences and decisions)."""

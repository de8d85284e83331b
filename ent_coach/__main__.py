from ent_coach.app import main

raise SystemExit(main())

from rescuedesk.cli import main

raise SystemExit(main())

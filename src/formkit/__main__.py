from formkit.cli import main

raise SystemExit(main())

"""python -m web [--host H] [--port P] [--index DIR]: the development server."""

from __future__ import annotations

import argparse
import os

from web import create_app


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m web", description="Serve Spravka (development server).")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    parser.add_argument("--index", default=None, help="index directory (default: var/index/)")
    args = parser.parse_args()
    app = create_app({"INDEX_DIR": args.index} if args.index else None)
    app.run(host=args.host, port=args.port, threaded=True)


if __name__ == "__main__":
    main()

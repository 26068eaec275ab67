"""python -m humas_mirror --port N: serve the offline mirror until Ctrl-C."""

import argparse

from humas_mirror import serve_forever


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m humas_mirror", description=__doc__)
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    args = parser.parse_args()
    print(f"Humas mirror on http://{args.host}:{args.port}/ (Ctrl-C to stop)", flush=True)
    serve_forever(args.port, args.host)


if __name__ == "__main__":
    main()

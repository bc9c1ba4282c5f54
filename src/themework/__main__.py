"""``python -m themework``: the same entry point as the ``themework`` console script."""

from themework.cli.main import run

if __name__ == "__main__":
    run()

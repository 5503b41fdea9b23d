"""Entry point for the rmlog console script and `python -m rmlog`."""


def main() -> None:
    """Run the rmlog command line."""
    from rmlog.cli import app

    app(prog_name="rmlog")


if __name__ == "__main__":
    main()

"""``themework codebook dump -o FILE``: the same bytes as on stdout, written owner-only."""

from __future__ import annotations

from pathlib import Path

from test_cli import Cli, cli, ok, project  # noqa: F401 - fixtures by name


def test_a_dumped_codebook_replaces_the_old_file_and_is_owner_only(
    cli: Cli, project: str  # noqa: F811
) -> None:
    """A codebook's examples may quote participants: the file is readable by its owner only,
    even one that others could read before."""
    ok(cli("code", "add", "Building trust", "--definition", "How trust grows."))
    target = Path("codebook.yaml")
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o644)
    ok(cli("codebook", "dump", "-o", str(target)))
    assert target.read_text(encoding="utf-8") == ok(cli("codebook", "dump")).out
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in Path().iterdir() if p.name.startswith(".codebook")) == []

"""The README's examples run as written: its Python blocks on the sample corpus, and every
``narrascope ...`` line under "Using it" through the real parser (and the demo id it shows exists)."""
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from narrascope.cli import _commands, build_parser, unknown_command

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
USING_IT = README[README.index("## Using it"):README.index("### Benchmarks and training")]


def _command_lines() -> list[str]:
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", USING_IT, flags=re.S):
        lines += [line for line in block.splitlines() if line.startswith("narrascope ")]
    lines += re.findall(r"`(narrascope [^`]+)`", re.sub(r"```.*?```", "", USING_IT, flags=re.S))
    return lines


def test_using_it_has_examples_of_every_store_command():
    used = {shlex.split(line)[1] for line in _command_lines() if "--help" not in line}
    assert {"analyze", "list", "show", "export", "report", "ingest", "eval"} <= used


@pytest.mark.parametrize("line", _command_lines())
def test_using_it_command_lines_parse(line, monkeypatch):
    monkeypatch.delenv("NARRASCOPE_DB", raising=False)
    argv = shlex.split(line, comments=True)[1:]
    parser = build_parser()
    assert unknown_command(argv, _commands(parser)) is None
    if "--help" in argv:
        with pytest.raises(SystemExit) as exited:
            parser.parse_args(argv)
        assert exited.value.code == 0
        return
    args = parser.parse_args(argv)  # a usage error raises SystemExit and fails the test
    if argv[0] == "corpus":  # one command of views, each run by narrascope/cli_corpus.py
        assert args.func.__module__ == "narrascope.cli_corpus" and args.view == argv[1]
    else:
        assert args.func.__name__ == f"cmd_{argv[0]}"


def test_python_blocks_run_on_the_sample_corpus(tmp_path):
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert len(blocks) >= 2 and any("@component" in b for b in blocks)
    # "articles/" in the README is the sample corpus here; corpus.db becomes the demo store.
    shutil.copytree(ROOT / "samples" / "corpus", tmp_path / "articles")
    (tmp_path / "blocks.json").write_text(json.dumps(blocks), encoding="utf-8")
    driver = ("import json\n"
              "for i, code in enumerate(json.load(open('blocks.json'))):\n"
              "    exec(compile(code, f'README python block {i + 1}', 'exec'), {'__name__': '__main__'})\n"
              "    print(f'--- block {i + 1} ok')\n")
    proc = subprocess.run([sys.executable, "-c", driver], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert all(f"--- block {i + 1} ok" in proc.stdout for i in range(len(blocks)))
    assert "['FAKE', 'NATO']" in proc.stdout  # the custom component ran
    # The id that "Using it" shows is an article of the demo store.
    from narrascope import open_store

    shown = re.search(r"narrascope show (\w+) .*--db demo\.db", USING_IT).group(1)
    with open_store(tmp_path / "corpus.db", create=False) as store:
        assert store.get(shown).id.startswith(shown)

"""``narrascope serve`` as a user runs it: a real uvicorn process on 127.0.0.1, and the refusal to
listen elsewhere without a token."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from narrascope.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 5.0):
    with urllib.request.urlopen(url, timeout=timeout) as r:  # noqa: S310 (our own server on loopback)
        return r.status, dict(r.headers), json.loads(r.read())


def test_serve_answers_on_loopback(sample_db, tmp_path):
    db = tmp_path / "served.db"
    db.write_bytes(sample_db.read_bytes())
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "narrascope", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60  # hang guard: the server loads in a few seconds
        while True:
            try:
                status, _, health = _get(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        assert status == 200 and health["status"] == "ok"
        status, headers, body = _get(f"http://127.0.0.1:{port}/api/search?q=coup&limit=2")
        assert status == 200 and body["total"] >= 1 and len(body["items"]) <= 2
        assert "script-src 'self'" in headers["content-security-policy"]
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_refuses_other_addresses_without_a_token(sample_db, capsys, monkeypatch):
    monkeypatch.delenv("NARRASCOPE_API_TOKEN", raising=False)
    code = main(["serve", "--db", str(sample_db), "--host", "0.0.0.0"])
    err = capsys.readouterr().err
    assert code == 2 and "[E063]" in err and "token" in err

"""Analysis and rewriting work with the network disabled (nothing is fetched at run time)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap


def test_rewrite_and_analyze_with_network_disabled(tmp_path) -> None:
    script = textwrap.dedent("""
        import json, socket
        def refuse(*a, **k):
            raise OSError("network disabled by test")
        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        import plainspeak
        r = plainspeak.rewrite("Please be advised that we will utilize your data. Your payment was received.")
        a = plainspeak.analyze("<p>Pursuant to our policy, the account holder must pay.</p>")
        from plainspeak.embeddings import get_embedder
        sim = get_embedder().similarity("Please pay by Friday.", "Payment is due by Friday.")
        print(json.dumps({"output": r.output, "grade": a["scores"]["flesch_kincaid_grade"], "similarity": sim}))
    """)
    env = {
        "HOME": str(tmp_path),
        "NLTK_DATA": str(tmp_path / "nltk"),
        "HF_HOME": str(tmp_path / "hf"),
        "PATH": "/usr/bin:/bin",
    }
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout.strip().splitlines()[-1])
    assert "use your data" in out["output"]
    assert out["grade"] > 0
    assert 0.5 < out["similarity"] <= 1.0
    assert not (tmp_path / "nltk").exists()

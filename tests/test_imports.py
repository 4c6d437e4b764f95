"""What ``import jcp_controls`` and the command line load: the API imports only what the API
needs; the demo generator is imported by the ``demo`` command when it runs."""

from __future__ import annotations

import json
import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    """The ``jcp_controls`` modules loaded by running ``code`` in a fresh interpreter."""
    script = (
        "import json, sys\n"
        f"{code}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('jcp_controls'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_import_jcp_controls_loads_neither_the_demo_nor_the_cli() -> None:
    loaded = _modules_after("import jcp_controls")
    assert "jcp_controls" in loaded
    assert not {
        m for m in loaded if m == "jcp_controls.demo" or m.startswith("jcp_controls.demo.")
    }
    assert not {m for m in loaded if m == "jcp_controls.cli" or m.startswith("jcp_controls.cli.")}


def test_cli_help_does_not_import_the_demo_generator() -> None:
    code = (
        "import contextlib, io\n"
        "from jcp_controls.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])"
    )
    loaded = _modules_after(code)
    assert "jcp_controls.cli.demo" in loaded  # the command's arguments are configured
    assert "jcp_controls.demo" not in loaded


def test_the_columnar_engine_is_imported_when_first_used() -> None:
    loaded = _modules_after("import jcp_controls")
    assert not {m for m in loaded if m.startswith("jcp_controls.columnar")}
    script = (
        "import jcp_controls, sys\n"
        "print(jcp_controls.load_estate.__module__, 'duckdb' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["jcp_controls.columnar.load", "False"]

"""Running a notebook with papermill in this interpreter's kernel, and exporting it as HTML."""

from __future__ import annotations

import contextlib
import copy
import functools
import logging
import os
import sys
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..exports import write_text_atomic
from .webfont import embed_font, package_text, preload_font, prepare_font_css

#: Per-cell limit and kernel start-up limit, seconds (ecosystem.md §1.3: a loaded 2-core runner can exceed 60 s).
EXECUTION_TIMEOUT = 600
START_TIMEOUT = 120
#: Cells papermill uses for parameters: dropped from the HTML (their source is unreadable, escaped unicode).
PARAMETER_TAGS = frozenset({"parameters", "injected-parameters"})
#: Run by the kernel as it starts: the package's heavy imports (pandas, matplotlib) begin in a thread while
#: the kernel finishes starting and papermill connects, instead of in the first cells.
KERNEL_WARM_UP = "from chanhe_budget.report import warm_up; warm_up.start()"
#: Cells the HTML leaves out: the notebook's own explanation of how it is run.
NOTEBOOK_ONLY_TAG = "notebook-only"
#: The nbconvert template of the report pages (a folder of ``report/nbconvert/``).
TEMPLATE_DIR = Path(__file__).resolve().parent / "nbconvert"
TEMPLATE_NAME = "chanhe"


@functools.cache
def project_kernel_manager() -> type:
    """A kernel manager class that starts ipykernel in this interpreter, whatever kernelspecs are installed."""
    import papermill  # noqa: F401  (imported with the kernel manager, before any thread imports nbconvert)
    from ipykernel.kernelspec import RESOURCES, get_kernel_dict
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpecManager
    from traitlets import default

    class ProjectKernelSpecManager(KernelSpecManager):
        """Every kernel name resolves to ``sys.executable -m ipykernel_launcher``."""

        def get_kernel_spec(self, kernel_name: str):  # one kernel for every name
            spec = get_kernel_dict()
            spec["argv"] = [*spec["argv"], f"--IPKernelApp.exec_lines={KERNEL_WARM_UP}"]
            return self.kernel_spec_class(resource_dir=RESOURCES, **spec)

    class ProjectKernelManager(AsyncKernelManager):
        @default("kernel_spec_manager")
        def _project_kernel_spec_manager(self) -> KernelSpecManager:
            return ProjectKernelSpecManager(data_dir=self.data_dir)

        @default("transport_encryption")
        def _encrypt_when_possible(self) -> str:
            # CurveZMQ keys for the kernel's local TCP ports when libzmq has them (ipykernel warns otherwise)
            import zmq

            return "auto" if zmq.has("curve") else "disabled"

    return ProjectKernelManager


def execute_notebook(notebook: str | os.PathLike, output: str | os.PathLike, parameters: Mapping[str, Any]) -> Any:
    """Run ``notebook`` with papermill in this environment's kernel; the executed notebook goes to ``output``.

    Parameters are passed from Python, so their types survive (no ``-p``
    string guessing). Raises papermill's ``PapermillExecutionError`` when a cell fails.
    """
    import papermill as pm

    with _quiet_jupyter():
        return pm.execute_notebook(
            str(Path(notebook).resolve()), str(Path(output).resolve()), parameters=dict(parameters),
            kernel_name="python3", kernel_manager_class=project_kernel_manager(), progress_bar=False,
            execution_timeout=EXECUTION_TIMEOUT, start_timeout=START_TIMEOUT,
            shutdown_kernel="immediate",  # every output is in by then; a graceful stop only waits for exit
        )


@contextlib.contextmanager
def _quiet_jupyter():
    """Hide jupyter's path-migration DeprecationWarning and papermill's INFO logging from the command line."""
    logger = logging.getLogger("papermill")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=DeprecationWarning, module="jupyter_client.*")
            yield
    finally:
        logger.setLevel(level)


def prepare_export(hint: Callable[[], str] | None = None) -> None:
    """Do ahead what :func:`export_html` needs: import nbconvert, compile its templates and markdown renderer
    (by exporting a one-cell page), and cut the CJK font — to the characters of ``hint()`` (the source
    document's text) plus every character the package prints, when given; else just parse the font.

    A report runs this in a thread while its kernel runs — the parent process
    only waits then — so the export itself pays only for the page's own
    content (measured on the seed: about 1 s less after the kernel). Never
    raises: the export does the same work itself if this failed.
    """
    try:
        import nbformat

        warm = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 预算 *warm-up*")])
        _exporter().from_notebook_node(warm, resources={"metadata": {"name": "warm-up"}})
        if hint is None:
            preload_font()
        else:
            prepare_font_css(hint() + package_text())
    except Exception:  # the export repeats the work and reports any real error
        return


@functools.cache
def _exporter() -> Any:
    """The one HTML exporter of this process (its compiled templates are reused from page to page)."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = set(PARAMETER_TAGS) | {NOTEBOOK_ONLY_TAG}
    config.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=config, exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=False, template_name=TEMPLATE_NAME,
                            extra_template_basedirs=[str(TEMPLATE_DIR)])
    exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
    return exporter


def export_html(nb: Any, target: str | os.PathLike, title: str) -> Path:
    """Write an executed notebook as HTML without code, prompts or parameter cells, images embedded.

    Output images are written into the page as data URIs by nbconvert itself;
    ``embed_images`` (which parses every markdown cell with BeautifulSoup to
    inline *linked* files) is off: the notebooks link none.

    The page is self-contained: the ``chanhe`` template (``report/nbconvert/``)
    is nbconvert's lab template without require.js, MathJax and mermaid, which
    it would load from a CDN, and the CJK font is embedded (:func:`embed_font`).
    Cells tagged ``notebook-only`` (the notebook's own how-to text) are left
    out, and so is what cells wrote to stderr (Python warnings carry this
    machine's paths; the report lists the document's warnings itself).
    ``--report-mode`` would not do: nbconvert ignores its ``source_hidden``
    metadata (ecosystem.md §1.4), so input is excluded here.
    """
    nb = _without_stderr(nb)
    nb.metadata["title"] = title  # the page <title>; nbconvert escapes it
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    return write_text_atomic(target, embed_font(body))


def skip_slow_optional_imports() -> None:
    """Make jsonschema skip its optional ``rfc3987_syntax`` in a process this package owns (CLI, build workers).

    That module compiles a lark grammar when imported (about 0.7 s, measured),
    and jsonschema — imported by nbformat, hence papermill — uses it only for
    IRI string formats, which notebook validation never checks. Not done on
    import of this module: a library must not change what its caller can import.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def _without_stderr(nb: Any) -> Any:
    """A copy of ``nb`` without stderr stream outputs (the executed notebook on disk keeps them)."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.get("outputs"):
            cell.outputs = [o for o in cell.outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    return nb

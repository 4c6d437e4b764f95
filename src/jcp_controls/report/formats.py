"""The format registry: every way of writing every document jcp-controls produces.

A :class:`ReportFormat` is a name (the ``--format`` value) and one render function per
*document kind* it can write:

- ``report``: a :class:`~jcp_controls.report.model.Report` (``evaluate``, ``demo``);
- ``due``: a :class:`~jcp_controls.report.due.DueCalendar` (``due``);
- ``diff``: a :class:`~jcp_controls.report.diff.ReportDiff` (``diff``);
- ``sample``: a :class:`~jcp_controls.controls.bcs.Sample` (``sample``);
- ``catalogue``: a :class:`~jcp_controls.catalogue.Catalogue` (``controls``).

Formats come from plugins (:func:`~jcp_controls.hookspecs.jcp_controls_report_formats`), the
built-in ones included (:mod:`jcp_controls.report.plugin`), so a format an installed plugin
provides is offered by every command whose document it renders, and by
:func:`render_document` in Python. :func:`formats` lists them (for one kind, or all).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from jcp_controls.errors import UsageError
from jcp_controls.plugins import Plugins, unique

if TYPE_CHECKING:
    from jcp_controls.report.model import Report

__all__ = [
    "DocumentKind",
    "RenderOptions",
    "ReportFormat",
    "document_kind",
    "formats",
    "render",
    "render_document",
]


class DocumentKind(enum.StrEnum):
    """The documents jcp-controls writes; a format renders one or more of them."""

    REPORT = "report"
    DUE = "due"
    DIFF = "diff"
    SAMPLE = "sample"
    CATALOGUE = "catalogue"


@attrs.frozen
class RenderOptions:
    """What a render function may be asked besides the document.

    Attributes:
        include_passes: list passing results too (reports; other documents ignore it).
    """

    include_passes: bool = False


#: ``render(report, include_passes)`` returns the whole report as text (the original,
#: report-only form of a format).
RenderFunction = Callable[["Report", bool], str]

#: ``render(document, options)`` returns the whole document: text, or bytes for a binary
#: format.
DocumentRenderer = Callable[[Any, RenderOptions], "str | bytes"]

#: ``render(document, options)`` returns the document in pieces (joined, the whole document),
#: made as they are consumed, so a large document is written without being whole in memory.
ChunkRenderer = Callable[[Any, RenderOptions], "Iterable[str] | Iterable[bytes]"]


def _kinds(value: Mapping[str, DocumentRenderer]) -> dict[DocumentKind, DocumentRenderer]:
    return {DocumentKind(kind): function for kind, function in value.items()}


def _stream_kinds(value: Mapping[str, ChunkRenderer]) -> dict[DocumentKind, ChunkRenderer]:
    return {DocumentKind(kind): function for kind, function in value.items()}


@attrs.frozen
class ReportFormat:
    """A way of writing documents: a name and a render function per document kind.

    The original form, ``ReportFormat(name, description, render, extension)``, renders the
    report only; ``documents`` adds (or replaces) the render functions of any kind::

        ReportFormat("counts", "counts per control", render_counts)
        ReportFormat("yaml", "YAML", documents={"report": report_yaml, "due": due_yaml})

    Attributes:
        name: the ``--format`` value.
        description: one line for ``--help`` and ``jcp-controls plugins``.
        render: turns a report into text; ``include_passes`` asks for passing results too.
            None when the format does not write reports, or writes them through
            ``documents``.
        extension: the usual file extension.
        documents: a render function per :class:`DocumentKind` (or its value), each called
            as ``function(document, options)`` with :class:`RenderOptions`.
        binary: the output is bytes (such as Parquet): it needs a file, not standard output.
        streams: for the kinds it can write in pieces, a function returning the pieces
            (joined, exactly what ``documents`` gives), so the command line writes a large
            document without holding it whole: :meth:`chunks`.
    """

    name: str
    description: str
    render: RenderFunction | None = attrs.field(default=None, eq=False, repr=False)
    extension: str = "txt"
    documents: Mapping[DocumentKind, DocumentRenderer] = attrs.field(
        factory=dict, converter=_kinds, eq=False, repr=False
    )
    binary: bool = False
    streams: Mapping[DocumentKind, ChunkRenderer] = attrs.field(
        factory=dict, converter=_stream_kinds, eq=False, repr=False
    )

    @property
    def kinds(self) -> frozenset[DocumentKind]:
        """The document kinds this format writes."""
        kinds = set(self.documents)
        if self.render is not None:
            kinds.add(DocumentKind.REPORT)
        return frozenset(kinds)

    def renders(self, kind: DocumentKind | str) -> bool:
        """True when the format writes documents of ``kind``."""
        return DocumentKind(kind) in self.kinds

    def write(
        self, kind: DocumentKind | str, document: object, options: RenderOptions | None = None
    ) -> str | bytes:
        """``document`` (of ``kind``) in this format.

        Raises:
            UsageError: the format does not write documents of ``kind``.
        """
        kind = DocumentKind(kind)
        options = options if options is not None else RenderOptions()
        function = self.documents.get(kind)
        if function is not None:
            return function(document, options)
        if kind is DocumentKind.REPORT and self.render is not None:
            return self.render(document, options.include_passes)  # type: ignore[arg-type]
        raise UsageError(f"format {self.name!r} does not write {kind.value} documents")

    def streamed(self, kind: DocumentKind | str) -> bool:
        """True when the format writes documents of ``kind`` in pieces (:attr:`streams`)."""
        return DocumentKind(kind) in self.streams

    def chunks(
        self, kind: DocumentKind | str, document: object, options: RenderOptions | None = None
    ) -> Iterator[str | bytes]:
        """``document`` (of ``kind``) in this format, in pieces made as they are consumed
        (one piece, :meth:`write`'s, when the format has no :attr:`streams` for ``kind``).

        Raises:
            UsageError: the format does not write documents of ``kind``.
        """
        kind = DocumentKind(kind)
        options = options if options is not None else RenderOptions()
        function = self.streams.get(kind)
        if function is None:
            yield self.write(kind, document, options)
            return
        yield from function(document, options)


def formats(
    plugins: Plugins | None = None, kind: DocumentKind | str | None = None
) -> dict[str, ReportFormat]:
    """Every registered format by name, in plugin order; only those writing ``kind`` when
    it is given.

    Args:
        plugins: the plugins to ask; by default the built-in ones and every installed one
            (the ``jcp_controls`` entry-point group).
        kind: a :class:`DocumentKind` (or its value) to keep only the formats writing it.

    Raises:
        PluginError: two plugins provide a format of one name.
    """
    plugins = plugins if plugins is not None else Plugins()
    found = unique(
        plugins.collect("jcp_controls_report_formats"), lambda f: f.name, "report format"
    )
    wanted = DocumentKind(kind) if kind is not None else None
    return {fmt.name: fmt for fmt in found if wanted is None or wanted in fmt.kinds}


def document_kind(document: object) -> DocumentKind:
    """The kind of a document object (a report, calendar, diff, sample or catalogue): what its
    class declares in ``document_kind``.

    Raises:
        UsageError: ``document`` is none of them.
    """
    kind = getattr(type(document), "document_kind", None)
    if kind in set(DocumentKind):
        return DocumentKind(kind)
    raise UsageError(f"{type(document).__name__} is not a document jcp-controls can write")


def render_document(
    document: object,
    name: str,
    *,
    include_passes: bool = False,
    plugins: Plugins | None = None,
) -> str | bytes:
    """``document`` (a report, calendar, diff, sample or catalogue) in the format ``name``.

    Args:
        document: what to write; its type gives its :class:`DocumentKind`.
        name: a format that writes that kind (see :func:`formats`).
        include_passes: list passing results too (reports only).
        plugins: where formats come from (default: built-in and installed).

    Returns:
        Text, or bytes for a binary format.

    Raises:
        UsageError: no format of that name writes this kind of document.
    """
    kind = document_kind(document)
    available = formats(plugins, kind)
    if name not in available:
        raise UsageError(
            f"unknown {kind.value} format {name!r} (one of {', '.join(sorted(available))})"
        )
    return available[name].write(kind, document, RenderOptions(include_passes=include_passes))


def render(
    report: Report, name: str, *, include_passes: bool = False, plugins: Plugins | None = None
) -> str:
    """``report`` in the text format called ``name``.

    Raises:
        UsageError: no format of that name writes reports, or it writes bytes (use
            :func:`render_document`).
    """
    output = render_document(report, name, include_passes=include_passes, plugins=plugins)
    if isinstance(output, bytes):
        raise UsageError(f"format {name!r} writes bytes: use render_document() and a file")
    return output

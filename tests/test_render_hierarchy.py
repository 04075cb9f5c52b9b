"""A codebook that nests deeper than area → code (as REFI-QDA imports do) shows its hierarchy."""

from __future__ import annotations

from dataclasses import replace

from qualsite import urls
from qualsite.model import Code
from qualsite.render import render
from test_render_study import CASE, WARNINGS, tiny_evidence, tiny_project


def test_subcodes_are_indented_and_code_pages_name_parent_and_children():
    project = tiny_project()
    area = project.codebook.areas[0]
    parent, child = area.codes[0], area.codes[1]
    nested = (replace(parent, codable=False), replace(child, parent=parent.id))
    codebook = replace(project.codebook, areas=(replace(area, codes=nested), *project.codebook.areas[1:]))
    project = replace(project, codebook=codebook)
    pages = render(project, tiny_evidence(project), WARNINGS, root=CASE)

    index = pages[urls.CODEBOOK_INDEX]
    assert f'<span class="qs-subcode" style="--qs-depth: 1"><a href="{child.id.lower()}/"' in index
    assert f'<span class="qs-subcode" style="--qs-depth: 1"><a href="{parent.id.lower()}/"' not in index

    parent_page, child_page = pages[urls.code_page(parent)], pages[urls.code_page(child)]
    assert "<dt>Underkoder</dt>" in parent_page and f">{child.id}</a>" in parent_page.split("<dt>Underkoder</dt>")[1]
    assert "Grupperar andra koder och används inte själv för kodning." in parent_page
    assert "<dt>Överordnad kod</dt>" in child_page
    assert f">{parent.id}</a>" in child_page.split("<dt>Överordnad kod</dt>")[1].split("</dd>")[0]


def test_a_parent_cycle_cannot_hang_the_build():
    from qualsite.render.codebook import depth

    class Ctx:
        codes = {"A": Code("A", "", "", "x", None, parent="B"), "B": Code("B", "", "", "x", None, parent="A")}

    assert depth(Ctx(), Ctx.codes["A"]) == 1

"""Every word the site itself says, in each language a study may be written in.

The study's `language` picks the table; data text is never translated. A
missing translation is a programmer error caught at import: both tables
construct the same frozen dataclass.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Labels:
    """The user-interface labels of one language."""

    # The site's identity in mkdocs.yml (`qualsite.site_config`)
    site_about: str
    dark_mode: str
    light_mode: str
    # Menu and page titles
    home: str
    reviewed_because: str
    findings: str
    transcripts: str
    codebook: str
    participants: str
    source_check: str
    downloads: str
    # Home
    authors: str
    research_questions: str
    abstract: str
    keywords: str
    in_figures: str
    interviews: str
    rows: str
    coded_rows: str
    codes: str
    cited_quotes: str
    citations: str
    how_to_cite: str
    licence: str
    report: str
    # The "Cite this" box (home page and transcripts)
    cite_this: str
    cite_version: str
    cite_released: str
    cite_doi: str
    cite_permalink: str
    cite_permalink_about: str
    cite_metadata: str
    # Findings and other documents
    themes: str
    theme: str
    cited_row: str
    missing_row: str
    # Quote status marks: short text shown beside a quote, and the longer explanation
    status_exact: str
    status_differs: str
    status_not_found: str
    status_no_quote: str
    status_unresolved: str
    explain_exact: str
    explain_differs: str
    explain_not_found: str
    explain_no_quote: str
    explain_unresolved: str
    # Transcripts
    interview: str
    participant: str
    role: str
    organisation: str
    interview_length: str
    appendix: str
    mode: str
    speakers: str
    interviewer: str
    respondent: str
    other_speaker: str
    cited_in: str
    # Previews of a cited passage (findings) and landing on it (transcripts)
    preview_of: str
    preview_open_row: str
    preview_close: str
    back_to_quote: str
    cited_rows: str
    profile: str
    transcript: str
    # Finding one's way in a transcript (qualsite-transcript.js): filter, find, overview strip, cited rows
    tx_filter: str
    tx_code: str
    tx_speaker: str
    tx_all_codes: str
    tx_all_speakers: str
    tx_show_all: str
    tx_showing: str
    tx_find: str
    tx_find_prev: str
    tx_find_next: str
    tx_no_hits: str
    tx_hits: str
    tx_prev_cited: str
    tx_next_cited: str
    tx_no_cited: str
    tx_overview: str
    tx_overview_about: str
    tx_cited: str
    # Codebook
    area: str
    code: str
    label: str
    description: str
    colour: str
    coded_rows_of_code: str
    parent_code: str
    subcodes: str
    not_codable: str
    per_participant: str
    no_rows: str
    row: str
    excerpt: str
    total: str
    # Source check
    source_check_intro: str
    summary: str
    status: str
    quote: str
    reference: str
    section: str
    detail: str
    diff: str
    diff_legend: str
    only_in_quote: str
    only_in_row: str
    uncited_quotes: str
    uncited_intro: str
    suggestion: str
    not_found_anywhere: str
    no_uncited: str
    warnings: str
    no_warnings: str
    no_citations: str
    document: str
    # Downloads
    downloads_intro: str
    segments_csv: str
    segments_csv_about: str
    citations_csv: str
    citations_csv_about: str
    data_zip: str
    data_zip_about: str
    study_qdpx: str
    study_qdpx_about: str
    codebook_qdc: str
    codebook_qdc_about: str
    evidence_jsonld: str
    evidence_jsonld_about: str
    citation_cff: str
    citation_cff_about: str
    zenodo_json: str
    zenodo_json_about: str
    datapackage_json: str
    datapackage_json_about: str
    # Analysis views
    analysis: str
    analysis_intro: str
    matrix: str
    matrix_intro: str
    matrix_pages: str
    total_all: str
    cooccurrence: str
    cooccurrence_intro: str
    c_coefficient: str
    c_coefficient_intro: str
    rows_with_both: str
    and_: str
    area_shares: str
    area_shares_intro: str
    top_codes: str
    codings: str
    share: str
    co_occurs_with: str
    co_occurs_intro: str
    whole_table: str
    cited_sections: str
    no_cooccurrence: str
    no_cited_sections: str
    no_coded_rows: str
    decimal_mark: str
    percent: str
    # Tables and heat maps: sorting, filtering, legends, the counts/percentages switch
    sort_by: str
    filter_table: str
    filter_count: str
    scroll_hint: str
    legend: str
    show_as: str
    show_counts: str
    show_percent: str
    matrix_percent_note: str
    cooccurrence_percent_note: str
    c_short: str
    c_hidden: str
    no_descriptions: str
    no_description: str
    whole_row: str
    # Releases
    releases: str
    releases_intro: str
    version: str
    released: str
    in_preparation: str
    current_version: str
    first_release: str
    no_changes: str
    rows_changed: str
    rows_added: str
    rows_removed: str
    rows_moved: str
    transcript_new: str
    transcript_gone: str
    transcripts_in_version: str
    status_since: str
    unchanged: str
    renumbered: str
    changed: str
    frozen_note: str
    read_current: str
    all_releases: str
    not_current: str
    unchanged_since: str
    now_at: str
    removed_since: str
    changed_since: str
    text_in: str
    speaker_in: str
    diff_legend_rows: str
    # Reader tools: copying a citation, the way between themes, a participant's quotes (issue 16)
    quote_marks: str
    copy_short: str
    copy_quote: str
    copy_row: str
    copied: str
    copy_manual: str
    citation_number: str
    previous_theme: str
    next_theme: str
    quotes_from: str
    quotes_from_intro: str
    no_quotes_from: str


SV = Labels(
    site_about="intervjuer, kodbok och resultat, korslänkade.",
    dark_mode="Mörkt läge",
    light_mode="Ljust läge",
    home="Start",
    reviewed_because="Granskad och godtagen",
    findings="Resultat",
    transcripts="Transkript",
    codebook="Kodbok",
    participants="Deltagare",
    source_check="Källkontroll",
    downloads="Nedladdningar",
    authors="Författare",
    research_questions="Forskningsfrågor",
    abstract="Sammanfattning",
    keywords="Nyckelord",
    in_figures="Studien i siffror",
    interviews="Intervjuer",
    rows="Rader",
    coded_rows="Kodade rader",
    codes="Koder",
    cited_quotes="Citat",
    citations="Hänvisningar",
    how_to_cite="Så citerar du studien",
    licence="Licens",
    report="Rapport",
    cite_this="Citera",
    cite_version="Version",
    cite_released="publicerad",
    cite_doi="DOI",
    cite_permalink="Permanent länk",
    cite_permalink_about="till intervjun i denna version; orden den pekar på ändras aldrig",
    cite_metadata="Bibliografiska uppgifter",
    themes="Teman",
    theme="Tema",
    cited_row="Citerad rad",
    missing_row="raden finns inte",
    status_exact="ordagrant",
    status_differs="avviker",
    status_not_found="hittas ej",
    status_no_quote="inget citat",
    status_unresolved="saknas",
    explain_exact="Citatet stämmer med den citerade raden.",
    explain_differs="Citatets ord skiljer sig från den citerade raden.",
    explain_not_found="Citatet finns inte i den citerade raden.",
    explain_no_quote="Hänvisningen stöder inget ordagrant citat.",
    explain_unresolved="Hänvisningen pekar på en rad som inte finns.",
    interview="Intervju",
    participant="Deltagare",
    role="Roll",
    organisation="Organisation",
    interview_length="Intervjulängd",
    appendix="Bilaga",
    mode="Intervjuform",
    speakers="Talare",
    interviewer="Intervjuare",
    respondent="Respondent",
    other_speaker="Övrig",
    cited_in="Citerad i",
    preview_of="Förhandsvisning av den citerade raden",
    preview_open_row="Gå till raden i transkriptet",
    preview_close="Stäng",
    back_to_quote="Tillbaka till citatet i",
    cited_rows="Citerade rader",
    profile="Profil",
    tx_filter="Filtrera raderna",
    tx_code="Kod",
    tx_speaker="Talare",
    tx_all_codes="Alla koder",
    tx_all_speakers="Alla talare",
    tx_show_all="Visa alla rader",
    tx_showing="Visar {shown} av {total} rader",
    tx_find="Sök i intervjun",
    tx_find_prev="Föregående träff",
    tx_find_next="Nästa träff",
    tx_no_hits="Inga träffar",
    tx_hits="träff {current} av {total}",
    tx_prev_cited="Föregående citerade rad",
    tx_next_cited="Nästa citerade rad",
    tx_no_cited="Inga citerade rader bland de rader som visas",
    tx_overview="Översikt över raderna",
    tx_overview_about="Varje streck är en rad: övre fältet visar koder, nedre fältet citerade rader.",
    tx_cited="citerad",
    transcript="Transkript",
    area="Område",
    code="Kod",
    label="Nyckelord",
    description="Beskrivning",
    colour="Färg",
    coded_rows_of_code="Rader kodade med",
    parent_code="Överordnad kod",
    subcodes="Underkoder",
    not_codable="Grupperar andra koder och används inte själv för kodning.",
    per_participant="Per deltagare",
    no_rows="Inga rader är kodade med denna kod.",
    row="Rad",
    excerpt="Utdrag",
    total="Totalt",
    source_check_intro=(
        "Varje hänvisning i texten har kontrollerats mot transkripten. Här visas varje hänvisning med sitt resultat; "
        "för citat som avviker visas skillnaden ord för ord."
    ),
    summary="Sammanställning",
    status="Status",
    quote="Citat",
    reference="Hänvisning",
    section="Avsnitt",
    detail="Förklaring",
    diff="Skillnad",
    diff_legend="Överstruket: finns bara i citatet. Understruket: finns bara i transkriptet.",
    only_in_quote="Finns bara i citatet",
    only_in_row="Finns bara i transkriptet",
    uncited_quotes="Citat utan hänvisning",
    uncited_intro="Citattecken i texten som inte följs av någon hänvisning, med föreslagen hänvisning.",
    suggestion="Förslag",
    not_found_anywhere="Hittades inte i något transkript.",
    no_uncited="Alla citat har en hänvisning.",
    warnings="Varningar från bygget",
    no_warnings="Bygget gav inga varningar.",
    no_citations="Inga hänvisningar.",
    document="Dokument",
    downloads_intro="Studiens data och kontrollresultat, för egen analys.",
    segments_csv="Alla rader (CSV)",
    segments_csv_about="En rad per transkriberad rad: transkript, radnummer, talare, text och koder (åtskilda av semikolon).",
    citations_csv="Alla hänvisningar (CSV)",
    citations_csv_about="En rad per hänvisning, och en per citat utan hänvisning: sida, hänvisning, citat, status,"
                        " förklaring och föreslagen hänvisning. Celler som ett kalkylprogram skulle läsa som formler"
                        " börjar med ett extra ' (se formatbeskrivningen).",
    data_zip="Studiens datafiler (ZIP)",
    data_zip_about="Filerna som webbplatsen byggs från: studie, kodbok, deltagare, transkript och texter.",
    study_qdpx="Hela studien för NVivo, ATLAS.ti, MAXQDA eller QualCoder (REFI-QDA)",
    study_qdpx_about="Transkript med kodade rader, kodbok och deltagare som ett REFI-QDA-projekt (QDPX), för ny analys i ditt eget analysprogram.",
    codebook_qdc="Kodboken (REFI-QDA)",
    codebook_qdc_about="Områden och koder med färger och beskrivningar, som REFI-QDA-kodbok (QDC).",
    evidence_jsonld="Belägg för varje citat (JSON-LD)",
    evidence_jsonld_about=(
        "Varje hänvisning från ett avsnitt av resultaten till raden den citerar, med kontrollens utfall och var "
        "citatet står i raden, som W3C Web Annotations: så kan vem som helst kontrollera citaten maskinellt."
    ),
    citation_cff="Bibliografiska uppgifter (CITATION.cff)",
    citation_cff_about="Titel, författare, version och DOI i Citation File Format, för referenshanterare och GitHub.",
    zenodo_json="Metadata för Zenodo (zenodo.json)",
    zenodo_json_about="Samma uppgifter som Zenodo läser när studien arkiveras där.",
    datapackage_json="Databeskrivning (datapackage.json)",
    datapackage_json_about="Nedladdningarna som ett Frictionless Data Package: filerna, deras kolumner och kontrollsummor.",
    analysis="Analys",
    analysis_intro=(
        "Mönster i kodningen: hur ofta varje kod förekommer hos varje deltagare, och vilka koder som förekommer "
        "tillsammans. Varje tal länkar till raderna bakom det."
    ),
    matrix="Kod × deltagare",
    matrix_intro=(
        "Antal kodade rader per kod och deltagare. Klicka på ett tal för att se raderna. Totalerna är summor av "
        "cellerna: en rad med två koder räknas en gång för varje kod. Färgernas steg förklaras ovanför tabellen."
    ),
    matrix_pages="Matrisens sidor",
    total_all="Totalt, alla deltagare",
    cooccurrence="Samförekomst av koder",
    cooccurrence_intro=(
        "Antal rader som är kodade med båda koderna. Diagonalen visar hur många rader som har koden. Klicka på "
        "ett tal för att se raderna. Färgernas steg förklaras ovanför tabellen."
    ),
    c_coefficient="c-koefficient",
    c_coefficient_intro=(
        "Normaliserat mått: c-koefficienten c = n12 / (n1 + n2 − n12), där n12 är antalet rader med båda koderna "
        "och n1 och n2 antalet rader med vardera koden. Den är 0 när koderna aldrig förekommer på samma rad och 1 "
        "när de alltid gör det. Måttet kallas c-koefficient i ATLAS.ti och är detsamma som Jaccard-index."
    ),
    rows_with_both="Rader med båda koderna",
    and_="och",
    area_shares="Andel per område",
    area_shares_intro="Andel av deltagarens kodningar; en rad med två koder räknas en gång för varje kod.",
    top_codes="Vanligaste koder",
    codings="Kodningar",
    share="Andel",
    co_occurs_with="Förekommer oftast tillsammans med",
    co_occurs_intro="Koderna som oftast står på samma rad som denna, med antal rader och c-koefficient.",
    whole_table="Hela samförekomsttabellen",
    cited_sections="Avsnitt som citerar rader med koden",
    no_cooccurrence="Koden står inte på samma rad som någon annan kod.",
    no_cited_sections="Ingen hänvisning pekar på en rad med denna kod.",
    no_coded_rows="Inga rader är kodade.",
    decimal_mark=",",
    percent="\u00a0%",
    sort_by="Sortera efter",
    filter_table="Filtrera tabellen",
    filter_count="{shown} av {total} rader visas",
    scroll_hint="Tabellen är bredare än skärmen: svep i sidled för fler kolumner.",
    legend="Förklaring",
    show_as="Visa som",
    show_counts="Antal",
    show_percent="Procent",
    matrix_percent_note="Procent: andel av deltagarens kodningar (kolumnens total).",
    cooccurrence_percent_note="Procent: andel av radkodens rader som också har kolumnens kod (diagonalen är 100\u00a0%).",
    c_short="c-koefficienten säger hur ofta två koder står tillsammans: rader med båda delat med rader med någon av dem (0 = aldrig, 1 = alltid).",
    c_hidden="· = visas inte: c säger något först när båda koderna finns på minst {min_rows} rader och delar minst {min_shared}.",
    no_descriptions="Kodboken har inga beskrivningar av koderna (fältet description i codebook.yaml är tomt), så varje kod förklaras bara av sin etikett.",
    no_description="Kodboken har ingen beskrivning av koden.",
    whole_row="Hela raden",
    releases='Versioner',
    releases_intro='Studien publiceras i versioner. Varje version finns kvar under en egen adress (som v1.0/), så en länk till en version visar alltid samma ord. Här står vad som ändrades i transkripten i varje version.',
    version='Version',
    released='Publicerad',
    in_preparation='under arbete, ännu inte publicerad',
    current_version='aktuell version',
    first_release='Den första versionen',
    no_changes='Inga ändringar i transkripten.',
    rows_changed='Ändrade rader',
    rows_added='Tillagda rader',
    rows_removed='Borttagna rader',
    rows_moved='Omnumrerade rader',
    transcript_new='nytt transkript',
    transcript_gone='borttaget transkript',
    transcripts_in_version='Transkripten i version',
    status_since='Sedan dess',
    unchanged='oförändrat',
    renumbered='omnumrerat',
    changed='ändrat',
    frozen_note='Så här löd transkriptet i version',
    read_current='Läs den aktuella versionen',
    all_releases='Alla versioner',
    not_current='Transkriptet finns inte i den aktuella versionen.',
    unchanged_since='Transkriptet har inte ändrats sedan version',
    now_at='Nu',
    removed_since='Raden finns inte längre.',
    changed_since='Ändrad sedan version',
    text_in='Texten i version',
    speaker_in='Talare i version',
    diff_legend_rows='Överstruket: stod i den tidigare versionen. Understruket: nytt.',
    quote_marks="””",
    copy_short="Kopiera",
    copy_quote="Kopiera citatet med hänvisning",
    copy_row="Kopiera hänvisning till",
    copied="Kopierad",
    copy_manual="Markera texten och kopiera den (Ctrl+C eller ⌘C).",
    citation_number="hänvisning",
    previous_theme="Föregående tema",
    next_theme="Nästa tema",
    quotes_from="Citat från intervjun",
    quotes_from_intro="Citaten i resultaten som hänvisar till rader i deltagarens intervju, i läsordning.",
    no_quotes_from="Resultaten citerar inte deltagarens intervju.",
)

EN = Labels(
    site_about="interviews, codebook and findings, cross-linked.",
    dark_mode="Dark mode",
    light_mode="Light mode",
    home="Home",
    reviewed_because="Reviewed and accepted",
    findings="Findings",
    transcripts="Transcripts",
    codebook="Codebook",
    participants="Participants",
    source_check="Source check",
    downloads="Downloads",
    authors="Authors",
    research_questions="Research questions",
    abstract="Abstract",
    keywords="Keywords",
    in_figures="The study in figures",
    interviews="Interviews",
    rows="Rows",
    coded_rows="Coded rows",
    codes="Codes",
    cited_quotes="Quotes",
    citations="Citations",
    how_to_cite="How to cite this study",
    licence="Licence",
    report="Report",
    cite_this="Cite this",
    cite_version="Version",
    cite_released="released",
    cite_doi="DOI",
    cite_permalink="Permalink",
    cite_permalink_about="to the interview in this version; the words it points at never change",
    cite_metadata="Citation metadata",
    themes="Themes",
    theme="Theme",
    cited_row="Cited row",
    missing_row="no such row",
    status_exact="verbatim",
    status_differs="differs",
    status_not_found="not found",
    status_no_quote="no quote",
    status_unresolved="missing",
    explain_exact="The quote matches the cited row.",
    explain_differs="The quote's words differ from the cited row.",
    explain_not_found="The quote is not in the cited row.",
    explain_no_quote="The citation backs no verbatim quote.",
    explain_unresolved="The citation points at a row that does not exist.",
    interview="Interview",
    participant="Participant",
    role="Role",
    organisation="Organisation",
    interview_length="Interview length",
    appendix="Appendix",
    mode="Interview mode",
    speakers="Speakers",
    interviewer="Interviewer",
    respondent="Respondent",
    other_speaker="Other",
    cited_in="Cited in",
    preview_of="Preview of the cited row",
    preview_open_row="Go to the row in the transcript",
    preview_close="Close",
    back_to_quote="Back to the quote in",
    cited_rows="Cited rows",
    profile="Profile",
    tx_filter="Filter the rows",
    tx_code="Code",
    tx_speaker="Speaker",
    tx_all_codes="All codes",
    tx_all_speakers="All speakers",
    tx_show_all="Show all rows",
    tx_showing="Showing {shown} of {total} rows",
    tx_find="Find in this interview",
    tx_find_prev="Previous match",
    tx_find_next="Next match",
    tx_no_hits="No matches",
    tx_hits="match {current} of {total}",
    tx_prev_cited="Previous cited row",
    tx_next_cited="Next cited row",
    tx_no_cited="No cited rows among the rows shown",
    tx_overview="Overview of the rows",
    tx_overview_about="Each mark is a row: the upper band shows codes, the lower band cited rows.",
    tx_cited="cited",
    transcript="Transcript",
    area="Area",
    code="Code",
    label="Label",
    description="Description",
    colour="Colour",
    coded_rows_of_code="Rows coded with",
    parent_code="Parent code",
    subcodes="Subcodes",
    not_codable="Groups other codes and is not applied to text itself.",
    per_participant="Per participant",
    no_rows="No rows are coded with this code.",
    row="Row",
    excerpt="Excerpt",
    total="Total",
    source_check_intro=(
        "Every citation in the text has been checked against the transcripts. Each citation is listed with its "
        "result; for quotes that differ, the difference is shown word by word."
    ),
    summary="Summary",
    status="Status",
    quote="Quote",
    reference="Citation",
    section="Section",
    detail="Explanation",
    diff="Difference",
    diff_legend="Struck through: only in the quote. Underlined: only in the transcript.",
    only_in_quote="Only in the quote",
    only_in_row="Only in the transcript",
    uncited_quotes="Quotes without a citation",
    uncited_intro="Quotation marks in the text not followed by a citation, with a suggested citation.",
    suggestion="Suggestion",
    not_found_anywhere="Not found in any transcript.",
    no_uncited="Every quote has a citation.",
    warnings="Warnings from the build",
    no_warnings="The build gave no warnings.",
    no_citations="No citations.",
    document="Document",
    downloads_intro="The study's data and check results, for your own analysis.",
    segments_csv="All rows (CSV)",
    segments_csv_about="One line per transcript row: transcript, row number, speaker, text and codes (separated by semicolons).",
    citations_csv="All citations (CSV)",
    citations_csv_about="One line per cited row, and one per quotation without a citation: page, citation, quote,"
                        " status, explanation and suggested citation. Cells a spreadsheet would read as formulas start"
                        " with an extra ' (see the format's description).",
    data_zip="The study's data files (ZIP)",
    data_zip_about="The files the site is built from: study, codebook, participants, transcripts and texts.",
    study_qdpx="The whole study for NVivo, ATLAS.ti, MAXQDA or QualCoder (REFI-QDA)",
    study_qdpx_about="Transcripts with their coded rows, codebook and participants as a REFI-QDA project (QDPX), to reanalyse in your own QDA tool.",
    codebook_qdc="The codebook (REFI-QDA)",
    codebook_qdc_about="Areas and codes with colours and descriptions, as a REFI-QDA codebook (QDC).",
    evidence_jsonld="The evidence for every quote (JSON-LD)",
    evidence_jsonld_about=(
        "Every citation from a section of the findings to the row it quotes, with the check's verdict and where the "
        "quote stands in the row, as W3C Web Annotations: anyone can verify the quotes by machine."
    ),
    citation_cff="Citation metadata (CITATION.cff)",
    citation_cff_about="Title, authors, version and DOI in the Citation File Format, for reference managers and GitHub.",
    zenodo_json="Metadata for Zenodo (zenodo.json)",
    zenodo_json_about="The same details, as Zenodo reads them when the study is archived there.",
    datapackage_json="Data description (datapackage.json)",
    datapackage_json_about="The downloads as a Frictionless Data Package: the files, their columns and checksums.",
    analysis="Analysis",
    analysis_intro=(
        "Patterns in the coding: how often each code occurs with each participant, and which codes occur "
        "together. Every number links to the rows behind it."
    ),
    matrix="Code × participant",
    matrix_intro=(
        "Coded rows per code and participant. Select a number to see the rows. Totals are sums of the cells: a "
        "row with two codes counts once for each code. The colour steps are explained above the table."
    ),
    matrix_pages="Pages of the matrix",
    total_all="Total, all participants",
    cooccurrence="Code co-occurrence",
    cooccurrence_intro=(
        "Rows coded with both codes. The diagonal shows how many rows carry the code. Select a number to see the "
        "rows. The colour steps are explained above the table."
    ),
    c_coefficient="c-coefficient",
    c_coefficient_intro=(
        "Normalised measure: the c-coefficient c = n12 / (n1 + n2 − n12), where n12 is the number of rows with "
        "both codes and n1 and n2 the rows with each code. It is 0 when the codes never share a row and 1 when "
        "they always do. ATLAS.ti calls it the c-coefficient; it equals the Jaccard index."
    ),
    rows_with_both="Rows with both codes",
    and_="and",
    area_shares="Share per area",
    area_shares_intro="Share of the participant's codings; a row with two codes counts once for each code.",
    top_codes="Most frequent codes",
    codings="Codings",
    share="Share",
    co_occurs_with="Most often together with",
    co_occurs_intro="The codes most often on the same row as this one, with the number of rows and the c-coefficient.",
    whole_table="The whole co-occurrence table",
    cited_sections="Sections citing rows with this code",
    no_cooccurrence="The code shares no row with another code.",
    no_cited_sections="No citation points at a row with this code.",
    no_coded_rows="No rows are coded.",
    decimal_mark=".",
    percent="%",
    sort_by="Sort by",
    filter_table="Filter the table",
    filter_count="{shown} of {total} rows shown",
    scroll_hint="The table is wider than the screen: swipe sideways for more columns.",
    legend="Legend",
    show_as="Show as",
    show_counts="Counts",
    show_percent="Percentages",
    matrix_percent_note="Percentages: share of the participant's codings (the column's total).",
    cooccurrence_percent_note="Percentages: share of the row code's rows that also carry the column's code (the diagonal is 100%).",
    c_short="The c-coefficient says how often two codes go together: rows with both divided by rows with either (0 = never, 1 = always).",
    c_hidden="· = not shown: c says something only when both codes are on at least {min_rows} rows and share at least {min_shared}.",
    no_descriptions="The codebook has no descriptions of its codes (the description field in codebook.yaml is empty), so each code is explained only by its label.",
    no_description="The codebook has no description of this code.",
    whole_row="The whole row",
    releases='Releases',
    releases_intro='The study is published in versions. Every version stays at an address of its own (such as v1.0/), so a link to a version always shows the same words. Here is what changed in the transcripts in each version.',
    version='Version',
    released='Released',
    in_preparation='in preparation, not yet released',
    current_version='current version',
    first_release='The first release',
    no_changes='No changes to the transcripts.',
    rows_changed='Rows changed',
    rows_added='Rows added',
    rows_removed='Rows removed',
    rows_moved='Rows renumbered',
    transcript_new='new transcript',
    transcript_gone='transcript removed',
    transcripts_in_version='The transcripts in version',
    status_since='Since then',
    unchanged='unchanged',
    renumbered='renumbered',
    changed='changed',
    frozen_note='This is the transcript as it read in version',
    read_current='Read the current version',
    all_releases='All releases',
    not_current='This transcript is not in the current version.',
    unchanged_since='This transcript has not changed since version',
    now_at='Now',
    removed_since='This row no longer exists.',
    changed_since='Changed since version',
    text_in='The text in version',
    speaker_in='Speaker in version',
    diff_legend_rows='Struck out: in the earlier version. Underlined: new.',
    quote_marks="“”",
    copy_short="Copy",
    copy_quote="Copy the quote with its citation",
    copy_row="Copy the citation of",
    copied="Copied",
    copy_manual="Select the text and copy it (Ctrl+C or ⌘C).",
    citation_number="citation",
    previous_theme="Previous theme",
    next_theme="Next theme",
    quotes_from="Quotes from the interview",
    quotes_from_intro="The quotes in the findings that cite rows of the participant's interview, in reading order.",
    no_quotes_from="The findings quote nothing from the participant's interview.",
)

LABELS: dict[str, Labels] = {"sv": SV, "en": EN}


def labels(language: str) -> Labels:
    """The labels for a study's language (`sv`, `en`); English for any other."""
    return LABELS.get(language.split("-")[0].lower(), EN)


def status_label(lab: Labels, status: str) -> str:
    """The short mark text of a quote status (`exact` → `ordagrant`)."""
    return {
        "exact": lab.status_exact,
        "differs": lab.status_differs,
        "not-found": lab.status_not_found,
        "no-quote": lab.status_no_quote,
        "unresolved": lab.status_unresolved,
    }[status]


def status_explanation(lab: Labels, status: str) -> str:
    """One sentence explaining a quote status."""
    return {
        "exact": lab.explain_exact,
        "differs": lab.explain_differs,
        "not-found": lab.explain_not_found,
        "no-quote": lab.explain_no_quote,
        "unresolved": lab.explain_unresolved,
    }[status]


# --- Messages -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """A sentence the site may show (a warning, a quote's verdict), kept as a key of `MESSAGES` and its values, so
    that it can be said in the study's language on the site and in English in the terminal."""

    key: str
    """Which sentence: a key of every table in `MESSAGES`."""
    values: tuple[tuple[str, "str | int | Message"], ...] = ()
    """The values of its `{placeholders}`, by name; data text stays as written, a nested `Message` is said in the
    same language."""


def message(key: str, **values: "str | int | Message") -> Message:
    """`message("unused-code", code="DIGMED")`."""
    return Message(key, tuple(values.items()))


def say(said: Message | None, language: str) -> str:
    """`said` in `language` (`sv`, `en`; English for any other); "" for None."""
    if said is None:
        return ""
    table = MESSAGES.get(language.split("-")[0].lower(), MESSAGES["en"])
    return table[said.key].format(**{k: say(v, language) if isinstance(v, Message) else v for k, v in said.values})


MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # Quote verdicts (`CheckedCitation.detail`)
        "word-differs": "1 word differs: {first}",
        "words-differ": "{count} words differ: {first}",
        "first-changed": '"{quoted}" in the quote, "{printed}" in {row}',
        "first-only-in-quote": '"{quoted}" in the quote, not in {row}',
        "first-only-in-row": '"{printed}" in {row}, not in the quote',
        "points-nowhere": "{cited} points at no transcript row",
        "not-found-anywhere": "not in {rows}, nor anywhere else in the transcripts",
        "found-instead": "not in {rows}; found in {row} instead",
        "similar-elsewhere": "not in {rows}; a similar passage is in {row}",
        # Warnings
        "quote-differs": "{cited} quote differs from the transcript: {detail}; correct the quote or the transcript",
        "quote-not-found": "{cited} quote not found: {detail}; cite ({row}) or correct the quote",
        "quote-not-found-check": "{cited} quote not found: {detail}; check the citation and the quote",
        "uncited-quote": "quotation has no citation; it matches {row} — add ({row}) after it",
        "uncited-quote-nowhere": "quotation has no citation, and no transcript row holds it; add a citation such as"
                                 " (R5:4) after it, or remove the quotation marks",
        "unused-code": "code '{code}' is never used in any transcript; apply it to a row or remove it from the codebook",
        "duplicate-row": "{transcript} prints row {n} more than once (first at {first}); both are kept, and ({row})"
                         " resolves to the one whose text best matches the quote, else the first; renumber the row if"
                         " that is a transcription mistake",
        "finding-without-evidence": "finding '{title}' cites no transcript row; back its claims with citations such as"
                                    " (R5:4)",
        "section-without-evidence": "section '{title}' cites no transcript row; back its claims with citations such as"
                                    " (R5:4), or move the section out of the findings",
        "likely-identifier": "possible identifier '{initial}…' ({letters} letters) {context}; redact it with —, or if it"
                             " may be published, add it to anonymity.reviewed_terms in study.yaml",
        "before-place": "before a place or organisation",
        "after-introduction": "after an introduction",
        "before-introduction": "before an introduction",
        "next-to-role": "next to a role",
        "stale-review": "this review matches no warning any more (the quote, the row or the message changed); remove"
                        " the entry, or review the new warning",
        "repeated-code": "code '{code}' is listed twice in this row; list each code once",
        "not-a-transcript": "not a transcript, so it is ignored; name transcripts <ID>.yaml or <ID>.csv, e.g. R1.yaml",
        "not-a-transcript-yml": "not a transcript, so it is ignored (rename it to .yaml); name transcripts <ID>.yaml or"
                                " <ID>.csv, e.g. R1.yaml",
        "speakers-without-transcript": "there is no transcript {id}.csv for these speakers, so the file is ignored;"
                                       " name the CSV transcript {id}.csv, or delete this file (a YAML transcript"
                                       " declares its own speakers)",
        "not-markdown": "not a Markdown file, so it is ignored; name documents <name>.md",
        # Releases
        "not-a-release": "is not a release folder, so it is ignored; data/releases/ holds one folder per release, named"
                         " by its version (e.g. 1.0), and moves.yaml",
        "not-in-release": "is not part of release {version}, so it is ignored; a release holds release.yaml and one"
                          " <ID>.tsv per transcript",
        "cited-row-changed": "{cited} cites {row}, which changed since release {release} ({difference}; {anchoring};"
                             " its verdict now: {status}); check that the citation still holds, then accept"
                             " this warning in reviewed.yaml",
        "passage-unchanged": "the passage quoted in that release is still there word for word",
        "passage-moved": "the passage quoted in that release is found again with score {score}",
        "passage-gone": "the passage quoted in that release is gone",
        "verdict-exact": "verbatim",
        "verdict-differs": "differing",
        "verdict-not-found": "not found",
        "verdict-no-quote": "no quote",
        "verdict-unresolved": "missing",
        "row-word-changed": "1 word differs",
        "row-words-changed": "{count} words differ",
        "row-speaker-changed": "its speaker differs",
        "row-spacing-changed": "only its spacing differs",
        "changed-since-release": "the transcripts changed since release {version} was recorded ({transcripts}), but"
                                 " study.yaml still says version: '{version}', so the site would show them as"
                                 " {version}; set the next version, e.g. version: '{next}'",
        "released-differs": "released {released} is not the date release {version} was recorded with ({recorded});"
                            " write released: {recorded}, or set the next version for a new release",
    },
    "sv": {
        "word-differs": "1 ord skiljer sig: {first}",
        "words-differ": "{count} ord skiljer sig: {first}",
        "first-changed": "”{quoted}” i citatet, ”{printed}” i {row}",
        "first-only-in-quote": "”{quoted}” i citatet, inte i {row}",
        "first-only-in-row": "”{printed}” i {row}, inte i citatet",
        "points-nowhere": "{cited} pekar inte på någon rad i transkripten",
        "not-found-anywhere": "inte i {rows}, och inte heller någon annanstans i transkripten",
        "found-instead": "inte i {rows}; finns i stället i {row}",
        "similar-elsewhere": "inte i {rows}; ett liknande stycke finns i {row}",
        "quote-differs": "{cited} citatet skiljer sig från transkriptet: {detail}; rätta citatet eller transkriptet",
        "quote-not-found": "{cited} citatet hittades inte: {detail}; hänvisa till ({row}) eller rätta citatet",
        "quote-not-found-check": "{cited} citatet hittades inte: {detail}; kontrollera hänvisningen och citatet",
        "uncited-quote": "citatet saknar hänvisning; det stämmer med {row} — skriv ({row}) efter det",
        "uncited-quote-nowhere": "citatet saknar hänvisning, och ingen rad i transkripten innehåller det; skriv en"
                                 " hänvisning som (R5:4) efter det, eller ta bort citattecknen",
        "unused-code": "koden ”{code}” används inte i något transkript; sätt den på en rad eller ta bort den ur"
                       " kodboken",
        "duplicate-row": "{transcript} har radnummer {n} mer än en gång (första gången på {first}); båda behålls, och"
                         " ({row}) leder till den vars text bäst stämmer med citatet, annars den första; numrera om"
                         " raden om det är ett misstag i transkriberingen",
        "finding-without-evidence": "resultatet ”{title}” hänvisar inte till någon rad i transkripten; stöd"
                                    " påståendena med hänvisningar som (R5:4)",
        "section-without-evidence": "avsnittet ”{title}” hänvisar inte till någon rad i transkripten; stöd"
                                    " påståendena med hänvisningar som (R5:4), eller flytta avsnittet från resultaten",
        "likely-identifier": "möjlig identifierande uppgift ”{initial}…” ({letters} bokstäver) {context}; ersätt den"
                             " med —, eller lägg till den i anonymity.reviewed_terms i study.yaml om den får publiceras",
        "before-place": "före en plats eller organisation",
        "after-introduction": "efter en presentation",
        "before-introduction": "före en presentation",
        "next-to-role": "bredvid en roll",
        "stale-review": "den här granskningen motsvarar ingen varning längre (citatet, raden eller meddelandet har"
                        " ändrats); ta bort posten, eller granska den nya varningen",
        "repeated-code": "koden ”{code}” står två gånger på den här raden; ange varje kod en gång",
        "not-a-transcript": "inte ett transkript, så filen hoppas över; döp transkript till <ID>.yaml eller <ID>.csv,"
                            " t.ex. R1.yaml",
        "not-a-transcript-yml": "inte ett transkript, så filen hoppas över (döp om den till .yaml); döp transkript"
                                " till <ID>.yaml eller <ID>.csv, t.ex. R1.yaml",
        "speakers-without-transcript": "det finns inget transkript {id}.csv för de här talarna, så filen hoppas över;"
                                       " döp CSV-transkriptet till {id}.csv, eller ta bort filen (ett"
                                       " YAML-transkript anger sina egna talare)",
        "not-markdown": "inte en Markdown-fil, så den hoppas över; döp dokument till <namn>.md",
        "not-a-release": "är inte en versionsmapp, så den hoppas över; data/releases/ har en mapp per version, döpt"
                         " efter versionen (t.ex. 1.0), och moves.yaml",
        "not-in-release": "ingår inte i version {version}, så filen hoppas över; en version består av release.yaml och"
                          " en <ID>.tsv per transkript",
        "cited-row-changed": "{cited} hänvisar till {row}, som har ändrats sedan version {release} ({difference};"
                             " {anchoring}; bedömningen nu: {status}); kontrollera att hänvisningen"
                             " fortfarande håller, och godta sedan varningen i reviewed.yaml",
        "passage-unchanged": "stycket som citerades i den versionen finns kvar ord för ord",
        "passage-moved": "stycket som citerades i den versionen återfinns med poängen {score}",
        "passage-gone": "stycket som citerades i den versionen finns inte längre",
        "verdict-exact": "ordagrant",
        "verdict-differs": "avvikande",
        "verdict-not-found": "ej hittat",
        "verdict-no-quote": "utan citat",
        "verdict-unresolved": "saknas",
        "row-word-changed": "1 ord skiljer sig",
        "row-words-changed": "{count} ord skiljer sig",
        "row-speaker-changed": "talaren är en annan",
        "row-spacing-changed": "bara mellanrummen skiljer sig",
        "changed-since-release": "transkripten har ändrats sedan version {version} registrerades ({transcripts}), men"
                                 " study.yaml anger fortfarande version: '{version}', så webbplatsen skulle visa dem"
                                 " som {version}; ange nästa version, t.ex. version: '{next}'",
        "released-differs": "released {released} är inte datumet som version {version} registrerades med"
                            " ({recorded}); skriv released: {recorded}, eller ange nästa version för en ny version",
    },
}
"""Every sentence the site may show, by key, in each language; the English ones are also the terminal's."""

if {k for k in MESSAGES["sv"]} != {k for k in MESSAGES["en"]}:  # pragma: no cover - caught at import
    raise AssertionError(f"the message tables differ: {set(MESSAGES['sv']) ^ set(MESSAGES['en'])}")

"""About page: sources, method, taxonomy with its PLOVER and CAMEO mapping, boundaries, citing."""

from __future__ import annotations

import streamlit as st

from bluebook.evaluate.figures import describe_accuracy, describe_documents, read_figures
from ui.shared import coverage_ui, page_setup

dataset, view = page_setup("about")
taxonomy = dataset.taxonomy
figures = read_figures()  # docs/figures.json, written by `make eval`

st.title("About Bluebook Atlas")
coverage_ui(dataset, view)
st.markdown(
    """
Bluebook Atlas maps Japan's diplomacy as the Ministry of Foreign Affairs of Japan reports it in
the *Diplomatic Bluebook*, its annual English report. Each event — a call, a visit, a meeting,
an agreement, aid, a sanction, and also elections and crises abroad that the Bluebook reports —
is a row with its date, the countries it concerns, its type, level, mode and themes, and the
sentence of the Bluebook that states it.
"""
)

st.header("Sources")
st.dataframe(
    dataset.sources[["source_id", "title", "volume_year", "url", "attribution"]],
    hide_index=True,
    width="stretch",
    column_config={"url": st.column_config.LinkColumn("Official page")},
)

st.header("Method")
st.markdown(
    f"""
- **Dates.** A volume narrates the previous calendar year: "In May" in the 2022 volume means
  May 2021. Dates keep the precision the text gives (`2021`, `2021-05`, `2021-05-23`); a month
  the text does not give is never invented. A range ("from January to February 2022") is dated
  by its first month. A photo caption's day is merged into the event it shows.
- **Countries.** ISO 3166-1 alpha-3 codes of every country an event concerns, Japan excluded
  (the column *Japan involved* says whether Japan took part). A group such as "the five Central
  Asian countries" is expanded to its members.
- **One event per happening.** A visit with meetings in it is one event; the same meeting told
  twice (in the text and in a photo caption) is one event.
- **Checked against an independent annotation.** The first source's events were compared with
  an annotation made by another person under the same guideline
  ({describe_accuracy(figures.get("first_source_annotation"))} by country). The differences left
  are conventions: a summit of an organisation gives only its member countries; the mode says
  how officials met, so elections, protests and wars have an unknown mode, and decisions and
  statements are written; policies and continuing programmes are not events.
  `data/gazetteer/README.md` lists them. The extractor alone, on the same text, reaches
  {describe_accuracy(figures.get("gold_seed"))}.
- **Review.** Events of the first source were annotated by hand and reviewed. Events added by
  `python -m bluebook ingest` come from the rule-based extractor and are marked *unreviewed*
  until a person checks them; the sidebar can hide them. On
  {describe_documents(figures.get("corpus_cv"))} hand-annotated Bluebook pages of 2005–2025
  (each scored with a confidence model trained without it), the extractor's events have
  {describe_accuracy(figures.get("corpus_cv"))}. Its rules were written on those pages, so expect
  less on new text: on {describe_documents(figures.get("added_first_look"))} pages measured before
  any rule was changed for them, {describe_accuracy(figures.get("added_first_look"))}; and more
  errors on PDF pages whose two columns run together.
- **Provenance.** Every event carries its source, section and paragraph and the sentence that
  states it; for a source read from a PDF, also the page where that sentence starts.
- **Summaries** of each country are written for Bluebook Atlas in our own words; the quoted
  evidence sentences are the Bluebook's.
"""
)

st.header("Taxonomy")
st.markdown(
    "Event types map to [PLOVER](https://osf.io/preprints/socarxiv/rm5dw) event types and to "
    "the nearest CAMEO code. Elections and domestic politics have no diplomatic event code: "
    "they are our extension."
)
st.dataframe(
    taxonomy.event_type_table.rename(
        columns={
            "id": "Id",
            "label": "Type",
            "description": "Meaning",
            "plover_event": "PLOVER",
            "plover_mode": "PLOVER mode",
            "cameo_code": "CAMEO",
            "cameo_label": "CAMEO meaning",
        }
    ),
    hide_index=True,
    width="stretch",
)
columns = st.columns(3)
for column, (title, vocabulary) in zip(
    columns,
    (("Levels", taxonomy.levels), ("Modes", taxonomy.modes), ("Themes", taxonomy.themes)),
    strict=True,
):
    column.subheader(title)
    column.dataframe(
        {"Id": list(vocabulary), "Label": list(vocabulary.values())},
        hide_index=True,
        width="stretch",
    )

st.header("Boundaries")
st.markdown(
    """
Country shapes are Natural Earth's 1:10m *Admin 0 – Countries* (version 5.1.1, public domain),
read from a copy installed with the app's Python packages and simplified for the browser without
gaps between neighbours. Grey countries (dashed border) are not covered by the loaded sources:
no loaded section reports on them, which says nothing of Japan's diplomacy with them; pale ones
are covered but have no events under the current filters. **The depiction and use of
boundaries, names and related data on this map imply no position of Bluebook Atlas, nor of the
Ministry of Foreign Affairs of Japan, on the legal status of any country or territory.** The map
works offline: Leaflet is served by the app itself and there is no tile server.
"""
)

st.header("How to cite")
st.markdown(
    """
Cite the Bluebook itself for its content, e.g. *Diplomatic Bluebook 2022, Ministry of Foreign
Affairs of Japan*, with the section and paragraph (and page, for a PDF) shown under each
event, and Bluebook Atlas for
the structured data, with the link to your view (the sidebar shows it; every download starts
with a citation line). To report a wrong event, quote its `event_id` and the evidence sentence.
"""
)

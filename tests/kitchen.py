"""A document with one of every block and inline node, shared by the format tests."""

from __future__ import annotations

from pledgeconv import model


def kitchen_sink() -> model.Document:
    """One of every block and inline node."""
    t = model.Text("글")
    image = model.Image("그림", "x.png")
    inlines: tuple[model.Inline, ...] = (
        t,
        model.Emph((t,)),
        model.Strong((t,)),
        model.Strike((t,)),
        model.Code("c"),
        model.Link((t,), "https://example.org", "제목"),
        image,
        model.SoftBreak(),
        model.LineBreak(),
        model.NoteRef(1, "a"),
        model.Span(("mark",), (t,)),
        model.RawInline("html", "<b>굵게</b>"),
    )
    item = model.ListItem((model.Paragraph((t,)),))
    boxes = model.BulletList((item,), style="□")
    blocks: tuple[model.Block, ...] = (
        model.Heading(1, (t,), "h", "첫째"),
        model.Paragraph(inlines),
        model.Slogan(("구호",)),
        model.Figure(image, (t,), True),
        model.BulletList((item, model.ListItem((model.Paragraph((t,)),), checked=True))),
        model.OrderedList((item,), start=3, tight=False),
        # the author's markers (outline.STYLES): (나) with a □ list inside, and ㉮, which Word writes as text
        model.OrderedList((model.ListItem((model.Paragraph((t,)), boxes)),), 2, style="(가)"),
        model.OrderedList((item,), style="㉮"),
        model.Table((model.TableCell((t,)),), ((model.TableCell((t,)),),), ("center",)),
        model.BlockQuote((model.Paragraph((t,)),)),
        model.Callout("warning", (model.Paragraph((t,)), model.BulletList((item,)))),
        model.CodeBlock("print(1)\n", "python"),
        model.ThematicBreak(),
        model.RawBlock("html", "<p>raw</p>"),
        model.Div(("box",), (model.Paragraph((t,)),)),
    )
    notes = (model.Note(1, "a", (model.Paragraph((model.Text("주석"),)),)),)
    return model.Document(model.Meta(title="모두"), blocks, notes)

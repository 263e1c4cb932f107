#!/usr/bin/env python3
"""Writes wasmprof.1, the CLI's man page, from the CLI's own help, so the two cannot disagree.

  make_man_page.py <wasmprof executable> <output wasmprof.1>

It runs `wasmprof --help`, `wasmprof --version` and `wasmprof SUBCOMMAND --help` for every
subcommand the first lists, and turns CLI11's layout into man(7) markup: the program's help
gives NAME, SYNOPSIS, DESCRIPTION, OPTIONS and the list of subcommands; each subcommand's help
a section of its own (its description, usage, arguments and options); the text after the
sections (the exit status) a section EXIT STATUS. The build runs it after linking the CLI
(src/cli/CMakeLists.txt); tests/install/check_man_page.sh renders the result.
"""
import re
import subprocess
import sys


def help_text(executable, *arguments):
    result = subprocess.run([executable, *arguments], capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        sys.exit(f"make_man_page.py: {executable} {' '.join(arguments)} exited with {result.returncode}: {result.stderr}")
    return result.stdout


def parse(text):
    """CLI11's help: (description lines, usage, {section: [(term, description)]}, footer lines).
    A section starts with a line `Name:` at the margin; its entries start two spaces in, the
    term separated from its description by two spaces or more, and a description goes on in
    lines indented further. Text at the margin after the sections is the footer."""
    description, usage, sections, footer = [], "", {}, []
    section = None
    for line in text.splitlines():
        if line.startswith("Usage: "):
            usage = line[len("Usage: "):].strip()
            section = None
        elif re.match(r"^[A-Z][A-Za-z ]*:$", line):
            section = line[:-1]
            sections[section] = []
        elif section is not None and re.match(r"^  \S", line):
            found = re.match(r"^  (\S.*?)(?:\s{2,}(\S.*))?$", line)
            sections[section].append([found.group(1), found.group(2) or ""])
        elif section is not None and re.match(r"^\s{3,}\S", line) and sections[section]:
            entry = sections[section][-1]
            entry[1] = (entry[1] + " " + line.strip()).strip()
        elif not line.strip():
            if footer and footer[-1]:
                footer.append("")
            section = None if not usage else section
        elif usage:
            section = None
            footer.append(line.strip())
        else:
            description.append(line.strip())
    while footer and not footer[-1]:
        footer.pop()
    return description, usage, sections, footer


def escape(text):
    """Text for roff: backslashes doubled, hyphens made minus signs (options are typed as such),
    and a line that would start with a control character protected."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return re.sub(r"^([.'])", r"\\&\1", text)


def paragraphs(lines):
    """Lines with empty lines between paragraphs -> roff paragraphs."""
    out, current = [], []
    for line in lines + [""]:
        if line:
            current.append(line)
        elif current:
            out += [".PP", escape(" ".join(current))]
            current = []
    return out


def entries(items):
    """(term, description) pairs as tagged paragraphs, the term in bold (its metavariables, in
    capitals, in italics)."""
    out = []
    for term, description in items:
        words = []
        for word in term.split(" "):
            style = "\\fI" if re.match(r"^[A-Z][A-Z0-9_.=]*$", word) and word != "REQUIRED" else "\\fB"
            words.append(f"{style}{escape(word)}\\fR")
        out += [".TP", " ".join(words), escape(description) if description else "\\&"]
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    executable, output = sys.argv[1:]
    description, usage, sections, footer = parse(help_text(executable, "--help"))
    version = help_text(executable, "--version").strip()
    summary = description[0] if description else "wasmprof"
    name, _, tagline = summary.partition(": ")
    subcommands = [(term, text) for term, text in sections.get("Subcommands", []) if term != "help"]
    if not subcommands:
        sys.exit("make_man_page.py: no subcommands found in the help")

    helps = {term: parse(help_text(executable, term, "--help")) for term, _ in subcommands}

    page = [
        f'.TH WASMPROF 1 "" "{escape(version)}" "User Commands"',
        ".SH NAME",
        f"{escape(name)} \\- {escape(tagline or summary)}",
        ".SH SYNOPSIS",
        f".B {escape(name)}",
        escape(usage.split(" ", 1)[1] if " " in usage else ""),
    ]
    for term, _ in subcommands:
        sub_usage = helps[term][1]
        arguments = sub_usage.split(" ", 2)[2] if sub_usage.count(" ") >= 2 else "[OPTIONS]"
        page += [".br", f".B {escape(name)} {escape(term)}", escape(arguments)]
    page += [".SH DESCRIPTION"] + paragraphs(description[1:] or [tagline or summary])
    page += [".PP", "Its subcommands:"] + entries(subcommands)
    page += [".PP", f"Each subcommand's arguments and options are listed under SUBCOMMANDS; "
             f"\\fB{escape(name)} help\\fR \\fISUBCOMMAND\\fR prints them too."]
    page += [".SH OPTIONS"] + entries(sections.get("Options", []))
    page += [".SH SUBCOMMANDS"]
    for term, text in subcommands:
        sub_description, sub_usage, sub_sections, sub_footer = helps[term]
        page += [f".SS {escape(name)} {escape(term)}"]
        page += paragraphs(sub_description or [text])
        page += [".PP", f"Usage: \\fB{escape(sub_usage)}\\fR"]
        for section, items in sub_sections.items():
            if items:
                page += [".PP", f"\\fI{escape(section)}:\\fR", ".RS"] + entries(items) + [".RE"]
        if sub_footer and sub_footer != footer:  # CLI11 repeats the program's footer in each
            page += paragraphs(sub_footer)
    if footer:
        page += [".SH EXIT STATUS"] + paragraphs(footer)
    page += [".SH SEE ALSO", "The README of wasmprof (README.md) for the profiles, the views and embedding."]
    with open(output, "w", encoding="utf-8") as out:
        out.write("\n".join(page) + "\n")


if __name__ == "__main__":
    main()

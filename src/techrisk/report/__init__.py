"""Layer 4, the reports: the typed view of a brief, its findings, and rendering (Markdown, HTML, PDF, SVG)."""

# nnviz: the interface's English messages. Ids are grouped by the part of the window they
# belong to; every id must also be in zh-CN/nnviz.ftl with the same arguments (tests/i18n.rs).

## The menu bar

menu-file = File
menu-open-session = Open session…
menu-open-session-tip = Open a session file (.json): points, network and weights.
menu-open-recent = Open recent
menu-open-recent-empty = Sessions you open or save are listed here.
menu-save-session = Save session
menu-save-session-tip = Save everything (points, network, weights, training state) to the current file.
menu-save-session-as = Save session as…
menu-save-session-as-tip = Save everything to a new file, e.g. to hand to students.
menu-import-csv = Import points (CSV)…
menu-import-csv-tip = Read points from a CSV file; you choose the x, y and label columns.
menu-export-csv = Export points (CSV)…
menu-export-csv-tip = Write the points as x,y,label,split.
menu-export-loss = Export loss curve (CSV)…
menu-export-loss-tip = Write the loss curve as step,error,loss, e.g. for a spreadsheet.
menu-export-png = Export picture (PNG)…
menu-export-png-tip = Save the canvas (colours and points) as a picture for a report.
menu-edit = Edit
menu-undo = Undo
menu-undo-tip = Take back the last change to the points.
menu-redo = Redo
menu-redo-tip = Do the undone change again.
menu-view = View
menu-diagram = Network diagram
menu-diagram-tip = Show or hide the network diagram.
menu-explain = Explain
menu-explain-tip = Show or hide the numbers of the forward and backward pass.
menu-timeline = Timeline
menu-timeline-tip = Show or hide the timeline of snapshots.
menu-presentation = Presentation mode
menu-presentation-tip = Canvas and loss plot fill the window, larger points and text.
menu-language = Language
menu-language-tip = The language of the interface; training goes on. Saved for the next start.
menu-undo-button = ↺ Undo
menu-undo-button-tip = Undo the last change to the points ({ $key }).
menu-redo-button = ↻ Redo
menu-redo-button-tip = Redo ({ $key }).
menu-session-in-use = The session file in use: { $path }

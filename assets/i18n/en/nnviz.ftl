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

## The transport bar

transport-app-tip = nnviz — a neural network playground
transport-pause = ▮▮ Pause
transport-pause-tip = Stop training for now; the network keeps what it has learned.
transport-play = ▶ Play
transport-play-tip = Start training: the network repeats forward and backward passes.
transport-play-key-tip = { $tip } ({ $key })
transport-step = ▶▮ Step
transport-step-tip = Do exactly one training step (forward pass, error, backward pass, weight update) and pause. ({ $key })
transport-reset = ↺ Reset
transport-reset-tip = Forget what the network learned: new random weights, step 0. Your points stay. ({ $key })
transport-step-count = step { $step }
transport-step-count-timeline = step { $step } (timeline)
transport-step-count-tip = Training steps done since the last reset (in the timeline: the step of the snapshot shown).
transport-present = Present
transport-leave-presentation = Leave presentation
transport-present-tip = Presentation mode: the canvas and the loss plot fill the window, with larger points and text, for a projector. ({ $key }; Esc leaves)
transport-learning-rate = Learning rate
transport-learning-rate-tip = How big a step the weights take against the error each time. Too small: learning crawls. Too big: the error jumps around or explodes. Dragging lands on 0.01, 0.02, 0.05, 0.1, …; click the number to type any value. Changes apply at the next step.
transport-steps-per-second = steps/s
transport-speed-tip = Training speed: how many training steps per second. Slow it down to watch the boundary move step by step.
transport-unlimited = Unlimited
transport-unlimited-tip = Train as fast as this computer can (over a million steps per second for small networks).

## The side panel

side-data = Data
side-training = Training
side-network = Network
side-metrics = Metrics
side-view = View
side-shortcuts = Keyboard shortcuts
side-shortcuts-tip = Every key and mouse gesture of nnviz
side-network-shape-bias = { $shape }, { $activation }, with bias
side-network-shape-no-bias = { $shape }, { $activation }, no bias
side-network-shape-tip = The network's shape: inputs (x, y) → hidden units → outputs, the activation of the hidden layer, and whether neurons have a bias (threshold). The tutorial uses none.
side-back-to-tutorial = ◀ Back to the tutorial
side-back-to-tutorial-tip = Restore the tutorial: its 8 points, the 2 → 4 → 1 sigmoid network with new random weights, learning rate 0.01 and the default speed.
side-fit = Fit to data
side-fit-tip = Show all points with a margin of 1 around them. ({ $key }, or double-click the canvas)
side-zoom-in = Zoom in
side-zoom-in-tip = Zoom in on the centre of the view. ({ $key }, or scroll up)
side-zoom-out = Zoom out
side-zoom-out-tip = Zoom out from the centre of the view. ({ $key }, or scroll down)
side-view-hint = Scroll or +/- to zoom · middle-drag, Space+drag or Shift+arrows to pan

## The status bar

status-stopped = Stopped: { $reason }
status-crashed-repeatedly = Stopped: the training thread crashed repeatedly. Your points are kept and can be saved; press Play to try again.
status-error = Error
status-error-tip = The tutorial's Error: mean |y − out| over the training points.
status-loss = Loss
status-loss-tip = The quantity the network minimises.
status-accuracy = Accuracy
status-accuracy-tip = Share of points the network classifies correctly: training points / held-out test points.
status-accuracy-train-test = { $train } / test { $test }
status-r2 = R²
status-r2-tip = How much of the values' spread the network explains (1 = every value predicted, 0 = no better than their mean): training points / held-out test points.
canvas-readout-value = predicted value { $value }
status-steps-per-second = steps/s
status-steps-per-second-tip = Training steps per second, measured by the worker.
status-maps-per-second = maps/s
status-maps-per-second-tip = How many times per second the picture of the network's output is refreshed.

## Training options

loss-sse = SSE
loss-mse = MSE
loss-bce = BCE
loss-cross-entropy = cross-entropy
loss-sse-tip = The tutorial's ½·Σ(y − out)², summed over all points: one sigmoid output.
loss-mse-tip = Mean squared error: the average of (y − out)², so the step size does not grow with the number of points.
loss-bce-tip = Binary cross-entropy on a sigmoid output: punishes confident mistakes hard, learns faster than squared error.
loss-cross-entropy-tip = Softmax + cross-entropy: one output per class turned into probabilities. Needed for more than 2 classes.
optimizer-sgd = SGD
optimizer-momentum = momentum
optimizer-adam = Adam
optimizer-sgd-tip = Plain gradient descent, the tutorial's: each weight moves against its gradient.
optimizer-momentum-tip = Like a ball rolling downhill: steps build up speed in directions that keep helping.
optimizer-adam-tip = Adapts the step for every weight from its recent gradients (β₁ 0.9, β₂ 0.999). Usually the quickest.
training-loss = Loss
training-loss-tip = How the error is measured. Changing it changes the output layer, so the weights start again.
training-loss-two-classes-only = { $tip } (for 2 classes only)
training-loss-changed = Loss { $loss }: the output layer changed ({ $network }), so the weights were reset.
training-optimizer = Optimiser
training-optimizer-tip = How a gradient becomes a weight update. Changing it keeps the weights.
training-momentum-beta = Momentum β
training-momentum-beta-tip = How much of the previous step's direction is kept (0 = plain SGD, 0.9 is usual).
training-batch = Batch
training-batch-tip = How many training points each step looks at (picked at random). Small batches take noisy but cheap steps; the whole set takes careful ones.
training-full-batch = full
training-full-batch-tip = Full batch: every step uses all training points, as the tutorial does.
training-l1-tip = L1 regularisation: pulls every weight towards 0 by a constant amount, switching useless connections off. 0 = off.
training-l2-tip = L2 regularisation (weight decay): shrinks big weights, for smoother boundaries that overfit less. 0 = off.
training-off = off
training-tutorial-order = Tutorial update order
training-tutorial-order-tip = The tutorial updates a layer's weights before sending the error back through them. Off: textbook back-propagation, where every gradient uses the old weights.
training-batch-is-full = batch ≥ training points: full batch

## The network editor

activation-sigmoid = sigmoid
activation-tanh = tanh
activation-relu = ReLU
activation-leaky-relu = leaky ReLU
activation-linear = linear
activation-softmax = softmax
activation-sigmoid-tip = 1 / (1 + e^−y): squashes any sum into (0, 1). The tutorial's choice.
activation-tanh-tip = tanh(y): like sigmoid but from −1 to 1, centred on 0; often learns faster.
activation-relu-tip = max(0, y): passes positive sums, blocks negative ones. Fast; boundaries become straight pieces.
activation-leaky-relu-tip = Like ReLU, but lets 1 % of a negative sum through, so a unit never goes completely silent.
activation-linear-tip = y unchanged: no bend at all. Layers of linear units can only draw straight boundaries.
activation-softmax-tip = Probabilities over the classes (output layer only).
init-uniform = uniform ±1
init-xavier = Xavier
init-he = He
init-uniform-tip = Every weight starts anywhere between −1 and 1, as in the tutorial.
init-xavier-tip = Start weights scaled to the layer's size so signals neither die out nor blow up. Suits sigmoid and tanh.
init-he-tip = Start weights scaled for ReLU units (a bit larger than Xavier).
feature-x-tip = The point's x coordinate.
feature-y-tip = The point's y coordinate.
feature-x2-tip = x²: lets even a single neuron draw curved (parabola-shaped) boundaries.
feature-y2-tip = y²: with x², circles become easy.
feature-xy-tip = x·y: positive in two opposite quadrants, negative in the others — made for XOR.
feature-sinx-tip = sin x: a wave along x, for stripes and repeating patterns.
feature-siny-tip = sin y: a wave along y.
network-hidden-layers = Hidden layers
network-hidden-layers-tip = Layers of neurons between the inputs and the output. More layers can combine simple shapes into complex ones.
network-remove-layer = − layer
network-remove-layer-tip = Remove the last hidden layer.
network-add-layer = + layer
network-add-layer-tip = Add a hidden layer at the end (at most { $max }).
network-layer = layer { $layer }
network-layer-tip = Hidden layer { $layer }: { $units } neurons.
network-fewer-units-tip = One neuron fewer in layer { $layer }.
network-more-units-tip = One neuron more in layer { $layer } (at most { $max }).
network-activation = Activation
network-activation-tip = The non-linearity each hidden neuron applies to its weighted sum. Without one, any number of layers could only draw a straight line.
network-init = Initial weights
network-init-tip = How the random starting weights are drawn. Good starting weights help deep networks learn at all.
network-bias = Bias
network-bias-tip = Give every neuron a bias: a learned threshold that shifts its boundary away from the origin. The tutorial's network has none.
network-normalize = Normalise inputs
network-normalize-tip = Shift and scale x and y so the training points have mean 0 and spread 1. Helps when coordinates are large (the tutorial feeds them raw).
network-inputs = Inputs
network-inputs-tip = What the network sees of each point. Extra features such as x² or x·y make some shapes much easier to learn. At least one must stay on.
network-last-input-tip = { $tip } (the last input: it must stay on)
network-what-removed-layer = removed a layer
network-what-added-layer = added a layer
network-what-units = layer { $layer } has { $units } neurons
network-what-activation = activation { $activation }
network-what-init = initial weights { $init }
network-what-bias-on = biases on
network-what-bias-off = biases off
network-what-normalized = inputs normalised
network-what-raw = raw inputs
network-what-input-on = input { $input } on
network-what-input-off = input { $input } off
network-changed = Network changed ({ $what }: { $network }): weights were reset.

## The Data section

preset-seed = seed
preset-xor = xor
preset-circle = circle
preset-gauss = gauss
preset-spiral = spiral
preset-moons = moons
preset-checkerboard = checkerboard
preset-seed-tip = The tutorial's 8 points: two classes a line can split (ignores the sliders).
preset-xor-tip = Same-sign vs. opposite-sign quadrants: no single line works, a hidden layer does.
preset-circle-tip = A disk inside rings, one class per band: the boundary must close on itself.
preset-gauss-tip = One Gaussian blob per class: the easiest set; noise widens the blobs.
preset-spiral-tip = One arm per class wound around the centre: the hardest set.
preset-moons-tip = Two interleaving half-moons (2 classes only): a gently curved boundary.
preset-checkerboard-tip = Squares coloured (row + column) mod K: many small regions to carve out.
data-class-of-new-points = Class of new points:
data-class-of-new-points-tip = A click on the canvas adds a point of this class. Keys 0–7 pick a class too; double-click a class to give it a name.
data-class-hint = class { $class }
data-class-button-key-tip = Add points of class { $class } (key { $key }); double-click to rename
data-class-button-tip = Add points of class { $class }; double-click to rename
data-classes = Classes
data-classes-tip = How many classes (colours) the points can have, 2–8. A generated dataset is made again with that many classes. The network gets a new output layer, so its weights start again. Two classes use one sigmoid output; more use one softmax output per class.
data-clear = Clear
data-clear-tip = Remove every point, to draw a dataset of your own.
data-class-count = { $count }×{ $class }
data-point-counts = { $count ->
    [one] 1 point ({ $classes })
   *[other] { $count } points ({ $classes })
}
data-point-counts-tip = Number of points, and how many there are of each class.
data-dataset = Dataset
data-dataset-tip = Pick a ready-made set of points. Each one is a different puzzle for the network.
data-tutorial-hint = Pick a preset to generate points; the tutorial's 8 have no settings.
data-own-points-hint = { $points } of your own ({ $test } test): Split keeps them and re-draws which are test points; a preset or ↻ Regenerate replaces them.
data-test-share = Test share
data-test-share-tip = Share of your points that Split marks as test points (drawn hollow, never trained on). 0 % makes every point a training point again.
data-seed-prefix = seed{" "}
data-split-seed-tip = The random seed of the split: the same seed picks the same points.
data-split = Split train/test
data-split-tip = Mark this share of your points as test points, class by class, chosen from the seed. The points stay where they are. Ctrl+Z undoes.
data-points = Points
data-points-tip = How many points to generate. More points show the shape better but make each training step slower.
data-noise = Noise
data-noise-tip = How far points wander from their ideal shape. With much noise, classes overlap and no network can get every point right.
data-test-points = Test points
data-test-points-tip = Share of the points held back to test the network (drawn hollow). The network never trains on them, so their accuracy shows how well it generalises to points it has not seen.
data-seed-tip = The random seed: the same seed always gives the same points.
data-new-seed = New seed
data-new-seed-tip = New random points: pick another seed and regenerate.
data-regenerate = ↻ Regenerate
data-regenerate-tip = Make the points again with these settings (undoes your edits to them). The network keeps its shape and starts from new random weights.
data-describe = { $preset }, { $classes } classes, { $points ->
    [one] 1 point
   *[other] { $points } points
}{ $test ->
    [0] {""}
   *[other] {" "}({ $test } test)
}

## The Metrics section

metrics-confusion = Confusion matrix
metrics-train-points = train points
metrics-train-points-tip = Confusion matrix of the training points.
metrics-test-points = test points
metrics-test-points-tip = Confusion matrix of the held-out test points.
metrics-no-points = No points of this kind yet.
metrics-loss = loss
metrics-loss-tip = The quantity the network minimises (lower is better).
metrics-accuracy = accuracy
metrics-accuracy-tip = Share of points classified correctly.
metrics-train = train
metrics-train-tip = The points the network learns from (filled).
metrics-test = test
metrics-test-tip = Held-out points (hollow): never trained on, they show how well the network does on points it has not seen.
metrics-stop-at-loss = Stop at loss <
metrics-stop-at-loss-tip = Pause training by itself once the training loss is below this value.
metrics-stop-loss-value-tip = The loss to reach.
metrics-stop-after = Stop after
metrics-stop-after-tip = Pause training by itself after this many steps (counted since the last reset).
metrics-steps-suffix = {" "}steps
metrics-stop-steps-value-tip = The number of steps to stop at.
metrics-confusion-axes = rows: true class · columns: predicted
metrics-confusion-tip = Confusion matrix: row = the point's true class, column = the class the network predicts. Green diagonal cells are correct; red cells count mistakes (e.g. row 2, column 0: class-2 points taken for class 0).
metrics-confusion-classes = Classes: { $names }.

## The loss plot

plot-title = Error while training
plot-log-y = log y
plot-log-y-tip = Logarithmic error axis: small improvements late in training stay visible.
plot-log-x = log x
plot-log-x-tip = Logarithmic step axis: the first steps, where most of the learning happens, keep their room after a long run.
plot-window-tip = Show the whole run, or only its most recent steps.
plot-all-steps = all steps
plot-last-steps = last { $steps }
plot-error = Error = mean |y − out|
plot-error-tip = The tutorial's Error: mean |y − out| over the training points, at every step.
plot-loss = Loss
plot-loss-tip = The loss the network minimises, on the training points, at every step.
plot-test-loss = Test loss
plot-test-loss-tip = The same loss on the held-out test points (never trained on), measured a few times a second. Rising while the training loss falls: overfitting.
plot-step = step
plot-tip = The tutorial's Error (mean |y − out| over the training points) and the loss the network minimises, against the training step. Both should go down. With test points, the test loss shows how well the network does on points it never trained on. Grey lines mark where the data or the settings changed.

## Keyboard shortcuts and gestures

key-redo = redo
key-undo = undo
key-save-as = save session as…
key-save = save session
key-open = open session
key-escape = close the inspector or presentation mode
key-presentation = presentation mode
key-diagram-up = diagram: unit above
key-diagram-down = diagram: unit below
key-diagram-left = diagram: layer to the left
key-diagram-right = diagram: layer to the right
key-diagram-show-unit = diagram: unit's map on the canvas
key-diagram-weights = diagram: unit's weights
key-zoom-in = zoom in
key-zoom-out = zoom out
key-fit = fit the view to the data
key-pan-left = pan left
key-pan-right = pan right
key-pan-up = pan up
key-pan-down = pan down
key-add-point = add a point at the cursor
key-delete-hovered = delete the point under the cursor
key-step = one training step
key-reset = reset the weights
key-toggle-diagram = network diagram
key-toggle-explain = explain mode
key-toggle-timeline = timeline
key-explain-next = explain: next point
key-explain-prev = explain: previous point
key-explain-pin = explain: pin the nearest point
key-class = class { $class } for new points
key-or = {" "}or{" "}
gesture-space = Space
gesture-space-does = play / pause
gesture-space-drag = Space+drag
gesture-space-drag-does = pan
gesture-click = Click
gesture-click-does = add a point
gesture-drag = Drag
gesture-drag-does = move a point
gesture-right-click = Right-click
gesture-right-click-does = delete a point
gesture-scroll = Scroll
gesture-scroll-does = zoom at the cursor
gesture-middle-drag = Middle-drag
gesture-middle-drag-does = pan
gesture-double-click = Double-click
gesture-double-click-does = fit the view
gesture-tab = Tab
gesture-tab-does = focus the diagram
gesture-double-click-class = Double-click a class
gesture-double-click-class-does = rename it

## What the training worker reports

refusal-non-finite-position = Ignored a point at a position that is not a number: { $position }
refusal-class-out-of-range = Ignored a point of class { $class }: the data has only { $classes } classes.
refusal-bad-point-move = Could not move point { $index }: there are only { $len } points.
refusal-bad-point-remove = Could not remove point { $index }: there are only { $len } points.
refusal-data-not-usable = Could not use the new points: { $detail }
refusal-invalid-network = Could not use these network settings ({ $detail }); kept the old network.
refusal-invalid-training = Could not use these training settings: { $detail }
refusal-invalid-learning-rate = Ignored learning rate { $rate }: it must be a positive number.
refusal-learning-rate-not-set = Could not set the learning rate to { $rate }: { $detail }
refusal-nan-speed = Ignored a training speed that is not a number.
refusal-invalid-view = Ignored an empty or invalid view: { $bounds }
refusal-non-finite-parameter = Ignored { $parameter } = { $value }: a weight must be a number.
refusal-no-such-weight = Could not set { $parameter }: the network { $sizes } has no such weight.
refusal-no-such-bias = Could not set { $parameter }: the network { $sizes } has no such bias.
refusal-no-biases = Could not set { $parameter }: the network has no biases.
refusal-parameter-not-set = Could not set { $parameter }: { $detail }
refusal-optimizer-restarted = The optimiser restarted: { $detail }
refusal-no-training-points = There are no training points to step on.
refusal-session-not-loaded = Could not open the session: { $detail }
refusal-reset-failed = Could not reset the weights: { $detail }
refusal-settings-lost = Could not keep the training settings after divergence: { $detail }
refusal-snapshot-not-found = There is no snapshot of step { $step } to go back to.
refusal-snapshot-replaced = The snapshot of step { $asked } was no longer kept; went back to step { $used }.
refusal-snapshot-not-restored = Could not go back to step { $step }: { $detail }
stop-reached-steps = Stopped: reached { $max } steps
stop-loss-below = Stopped: loss { $loss } < { $max } at step { $step }
diverged-loss-nan = loss became NaN
diverged-loss-infinite = loss became infinite
diverged-weights-infinite = the weights became infinite
diverged-outputs-overflowed = the network's outputs overflowed
diverged = Training diverged at step { $step } ({ $what }) with learning rate { $rate }. Paused; lower the learning rate or press Reset.
classes-changed = { $classes } classes: the network's output changed, so its weights were reset.

## What the app says after an action

points = { $count ->
    [one] 1 point
   *[other] { $count } points
}
action-went-back = Went back to step { $step }; training goes on from there.
action-cleared = All points removed. Click on the canvas to add new ones.
action-nothing-to-redo = Nothing to redo.
action-nothing-to-undo = Nothing to undo.
action-weights-reset-after-divergence = Weights reset. Lower the learning rate if needed, then press Play.
action-back-to-tutorial = Back to the tutorial: 8 points, 2 → 4 → 1 sigmoid, learning rate 0.01.
action-network-settings-refused = Could not use these network settings: { $detail }
action-loss-changed = Loss changed: the weights were reset.
action-removed-dropped-classes = Removed { $count } points of the dropped classes.
action-classes-cross-entropy = { $classes } classes: the loss is now cross-entropy (one softmax output per class); weights were reset.
action-generate-failed = Could not generate the points: { $detail }
action-generated-new-network = { $what }; network { $network }, new weights.
action-generated-same-network = { $what }; same network, new weights.
action-more-classes-cross-entropy = More than 2 classes: the loss is now cross-entropy (softmax outputs).
action-split-failed = Could not split the points: { $detail }
action-split = Split the points: { $train } for training, { $test } for testing (hollow). Ctrl+Z undoes.
action-own-data-textbook-order = Training now uses the textbook update order (every gradient from the weights before the step), as `nnviz train --data` does.
action-imported-cross-entropy = { $text } More than 2 classes: the loss is now cross-entropy (one softmax output per class); weights were reset.
action-network-not-adapted = The network was left as it was: it cannot be adapted to these points ({ $detail }).
action-brought-back = Brought back { $points } — now { $now }.
action-took-away = Took away { $points } — now { $now }.
action-put-back = Put the points back as they were ({ $points }).

## The file browser

dialog-cannot-list = Cannot list { $folder }: { $detail }
dialog-type-a-name = Type a file name or choose a file.
dialog-no-such-file = There is no file { $path }.
dialog-no-folder = The folder of { $path } does not exist.
dialog-replace = { $name } exists. Press { $button } again to replace it.
dialog-up = ↑ Up
dialog-up-tip = Go to the folder that contains this one (Backspace).
dialog-home = Home
dialog-home-tip = Go to your home folder.
dialog-folder-tip = The folder shown below.
dialog-empty-folder = (empty folder)
dialog-no-matching-files = (no matching files here)
dialog-file-name = File name:
dialog-file-name-hint = name, or a whole path
dialog-file-name-tip = A file name in this folder, or a whole path. Enter accepts.
dialog-show-all = Show all files (not only { $extensions })
dialog-show-all-tip = List every file in the folder, whatever its type.
dialog-accept-tip = Use the file named above (Enter).
dialog-cancel = Cancel
dialog-cancel-tip = Close without doing anything (Esc).

## Files

files-open-title = Open session
files-open = Open
files-save-title = Save session as
files-save = Save
files-import-csv-title = Import points from CSV
files-import = Import
files-export-csv-title = Export points as CSV
files-export-loss-title = Export the loss curve as CSV
files-export-png-title = Export picture as PNG
files-export = Export
files-not-opened-path = Not opened (nothing changed): { $path }: { $detail }
files-not-opened = Not opened (nothing changed): { $detail }
files-opened = Opened { $name }.
files-saved-window-copy = Saved { $path } from the window's copy of the session (the training thread is not running, so the optimiser state and loss curve were not saved).
files-saved = Saved { $path }.
files-not-saved = Not saved: { $detail }
files-recent-gone = { $path } no longer exists; removed it from the recent files.
files-recent-gone-count = { $count } recent files no longer exist and were removed from the list.
files-png-size = Size:
files-png-size-tip = Width and height of the square picture, { $min } to { $max } pixels. Drag or type a number.
files-png-legend = Legend
files-png-legend-tip = Add a legend: each class's colour and name, placed where it covers no point.
files-cannot-open-dropped = Cannot open { $name }: drop a session (.json) or points (.csv).
files-drop-here = Drop a session (.json) or points (.csv) to open it
files-recovered = Recovered your session from { $time }: nnviz did not close normally last time.
files-autosave-unreadable = The session saved on exit could not be read ({ $detail }); starting without it. The file was left as it is and will not be overwritten on exit.
files-damaged-kept-as = The damaged file was kept as { $path }.
files-damaged-stays = The damaged file stays at { $path } ({ $detail }) and will not be overwritten on exit.
files-autosave-damaged = The session saved on exit could not be restored ({ $detail }); starting without it. { $kept }
files-no-storage-folder = Not autosaved: this system has no storage folder.
files-autosave-blocked = Not autosaved: the damaged { $path } was left in place.
files-autosave-failed = Could not autosave the session: { $detail }
files-network-cannot-be-built = the network cannot be built ({ $detail })

## CSV files

csv-not-imported-path = Not imported (nothing changed): { $path }: { $detail }
csv-not-imported = Not imported (nothing changed): { $detail }
csv-imported = Imported { $points } points in { $classes } classes from { $name } (Ctrl+Z undoes).
csv-what-points = points
csv-what-loss-curve = loss curve
csv-saved = Saved the { $what } to { $path }.
csv-not-written = Could not write { $path }: { $detail }
csv-cannot-read = Cannot read { $path }: { $detail }
csv-import-title = Import { $name }
csv-first-lines = The first lines of the file:
csv-x-column = x column
csv-x-column-tip = The column with the horizontal coordinate.
csv-y-column = y column
csv-y-column-tip = The column with the vertical coordinate.
csv-label-column = label column
csv-label-column-tip = The column with each point's class (numbers 0, 1, … or names).
csv-replace-note = The points replace the current ones; Ctrl+Z brings them back.
csv-import-tip = Read the points from these columns (Enter).
csv-cancel-tip = Close without importing (Esc).

## Pictures and autosave

picture-busy = Not exported: { $name } is still being exported; wait for it to finish.
picture-not-yet = No picture yet: wait for the first heatmap.
picture-not-started = Could not start exporting the picture: { $detail }
picture-exporting = Exporting { $name } ({ $size }×{ $size } px)…
picture-thread-gone = the export thread is gone
picture-thread-crashed = the export thread crashed
picture-saved = Saved a { $size }×{ $size } picture to { $path }.
picture-failed = Could not export the picture to { $path }: { $detail }
autosave-no-thread = Could not autosave: no thread ({ $detail }).
autosave-failed = Could not autosave to { $path }: { $detail }
autosave-thread-crashed = Could not autosave to { $path }: the writing thread crashed.

## Inside the network: toolbar and timeline

inside-scrub-edit-hint = editing works on the live network: go live or resume from this snapshot first
inside-scrub-edit-message = This is an old snapshot from the timeline, and editing works on the live network. Press Live or Resume from here in the timeline first, then click the weight again.
inside-timeline-overlay = Timeline: step { $step } — drag the slider to the right end (or press Live) for now
inside-showing-input = Showing input { $name } (orange { $low } … blue { $high }) — click it again in the diagram to go back
inside-showing-unit = Showing unit { $name } (orange { $low } … blue { $high }) — click it again in the diagram to go back
inside-diagram-toggle = Network diagram (D)
inside-diagram-toggle-tip = Show the network: every unit with a small map of what it computes over the plane, and every weight as a line (blue = positive, orange = negative, thicker = stronger). Click a line to change its weight, click a unit to see its map large.
inside-explain-toggle = Explain (E)
inside-explain-toggle-tip = Follow the numbers: the forward pass at the cursor, layer by layer, next to the tutorial's equations. Hover or click a training point to also see the errors and deltas of the backward pass.
inside-timeline-toggle = Timeline (T)
inside-timeline-toggle-tip = Scrub back through training: see how the boundary and the weights looked earlier, and resume training from any moment.
inside-explain-title = Explain: the numbers inside
inside-explain-close = Close
inside-explain-close-tip = Close explain mode (E).
timeline-empty = The timeline fills as the network trains.
timeline-step = step { $step }
timeline-live-label = live
timeline-slider = Timeline
timeline-slider-tip = Drag left to see how the boundary and the weights looked earlier in training (training pauses). The right end is now.
timeline-resume = ▶ Resume from here
timeline-resume-tip = Go back to these weights and train on from this step (later steps are forgotten).
timeline-live = Live
timeline-live-tip = Show the network as it is now.
timeline-snapshots = { $count } snapshots, every { $stride } steps
timeline-snapshots-tip = The worker keeps at most { $max } snapshots ({ $megabytes } MB): when full it drops every other one and snapshots half as often.

## The network diagram

diagram-waiting = Waiting for the network…
diagram-hide-weights = Hide weights
diagram-weights = Weights (W)
diagram-weights-tip = List the highlighted unit's incoming weights and bias, each editable — also those too faint to be drawn. Keyboard: click the diagram or Tab to it, pick a unit with the arrow keys, press W.
diagram-title = Inside the network
diagram-sizes-step = { $sizes } · step { $step }
diagram-positive-weight = positive weight
diagram-negative-weight = negative weight
diagram-timeline = (timeline)
diagram-strongest = · { $shown } strongest of { $all } shown
diagram-strongest-tip = Big networks show only their strongest connections; hover a line to read its weight
diagram-keys = { $what } · keys: ↑↓ unit, ←→ layer, Enter map, W weights, Tab leaves
diagram-footer-timeline = Hover a line to read its weight · click a unit to see its map · to edit a weight, press Live or Resume from here first
diagram-footer = Hover a line to read its weight · click it to change it · click a unit to see its map on the canvas · Tab or click, then arrow keys, to pick units
diagram-bias-value = b{ $layer }[{ $unit }] = { $value }: bias of { $name }
diagram-bias-title = b{ $layer }[{ $unit }]: bias of { $name }
diagram-input-feature = input feature
diagram-softmax-score = score before softmax
diagram-unit-of = { $activation } unit
diagram-click-back = click to go back to the classes
diagram-enter-back = Enter to go back to the classes
diagram-click-show = click to show its map on the canvas
diagram-enter-show = Enter to show its map on the canvas
diagram-node = { $name } ({ $what }) — { $action }

## Names in the diagram

layout-edge = W{ $layer }[{ $row },{ $col }] = { $value }: { $from } → { $to }
layout-input-n = input { $number }
layout-output = output
layout-output-n = output { $number }
layout-hidden-unit = hidden { $layer }.{ $number }
layout-header-input = input
layout-header-in = in
layout-header-output-act = output ({ $activation })
layout-header-out = out
layout-header-hidden-act = hidden { $layer } ({ $activation })
layout-header-h-act = h{ $layer } ({ $activation })
layout-header-h = h{ $layer }

## The weights of a unit

inspector-title = Weights of a unit
inspector-input-has-no-weights = An input feature has no incoming weights. Press → in the diagram (or click a unit) to pick a hidden unit.
inspector-read-only = Step { $step } from the timeline, read only: editing works on the live network. Press Live or Resume from here first.
inspector-hint = Drag, or click and type a value then press Enter; the worker uses it at once. Tab moves to the next weight.
inspector-too-weak = Too weak to be drawn among the strongest connections.
inspector-weight-from = W{ $layer }[{ $row },{ $unit }] from { $from }
inspector-bias = b{ $layer }[{ $unit }] bias
inspector-new-value = New value
inspector-new-value-tip = Type a number and press Enter (Escape cancels).
inspector-set = Set
inspector-set-tip = Use this value now; training goes on from it.
inspector-cancel-tip = Keep the weight as it is.
inspector-not-a-number = Type a number, e.g. -0.5

## Explain mode

explain-note-input = the input
explain-note-sums = weighted sums
explain-note-output = the output
explain-note-activations = activations ({ $activation })
explain-textbook-order = Textbook order: every error is sent back through the weights of step { $step } shown above, before any of them is updated.
explain-tutorial-order = Tutorial order, as the trainer does it: the step from step { $step } updates each layer first, then sends its error back through the updated weights (marked ′).
explain-note-output-error = error at the output
explain-note-error-updated = error sent back through { $weights } as already updated in this step (tutorial order)
explain-note-error-before = error sent back through { $weights } before the update (textbook order)
explain-note-delta = delta
explain-empty = Move the mouse over the canvas to see the forward pass there, or hover a training point (click it to keep it here) to also see the backward pass. Keys: ] and [ step through the training points, P pins the one nearest the cursor.
explain-test-point = Test point #{ $index } (class { $class }) at ({ $x }, { $y })
explain-training-point = Training point #{ $index } (class { $class }) at ({ $x }, { $y })
explain-at = At ({ $x }, { $y })
explain-weights-of-step = · weights of step { $step }
explain-unpin = unpin
explain-unpin-tip = Forget the pinned point; only the cursor is explained. Keys: ] and [ pin the next or previous training point, P the one nearest the cursor (P away from the canvas unpins).
explain-forward = Forward pass: each layer multiplies the previous one by its weights, adds up, and squashes the sums with its activation.
explain-prediction = Prediction: class { $class } ({ $percent } %)
explain-keys = Keys: ] and [ step through the training points, P pins the nearest.
explain-backward-title = Backward pass for this point (Y = class { $class })
explain-backward = How far off the output is, sent back through the weights; training moves each weight by lr · (its input) · (the delta after it).
explain-order-tip = The update order is set in Training options. The tutorial updates W₁ before computing E₁; textbook back-propagation uses the weights from before the step.
explain-replayed = The updated weights are replayed here with a fresh optimiser (no momentum or Adam history) and a batch of its own, so the E rows are close to the trainer's, not exactly them.
explain-test-no-backward = Test points are not trained on: no backward pass.
explain-no-replay = The training step from these weights cannot be replayed for this network and data, so the backward pass is not shown.
explain-first-units = Only the first 8 units of wide layers are shown.

## The training thread, settings and repairs

worker-stopped-unexpectedly = The training thread stopped unexpectedly.
worker-crashed = The training thread crashed ({ $detail }).
worker-not-restarted = { $what } It crashed { $times } times within { $seconds } seconds, so it was not restarted and training is stopped. Your points are kept, and saving still works. Press Play to try again.
worker-restarted = { $what } It was restarted with your points.
worker-not-started = Could not start the training thread: { $detail }
settings-not-a-file = The settings in { $path } are not a regular file of at most 64 MiB; starting from the tutorial.
settings-unreadable = The settings in { $path } could not be read ({ $detail }); starting from the tutorial.
settings-not-saved = Could not save the settings to { $path }: { $detail }
settings-state-unreadable = Saved settings could not be read (corrupt or from another version); starting from the tutorial.
settings-repaired = Saved settings were partly invalid ({ $what }) and were repaired.
repair-class-count = class count { $classes }
repair-invalid-points = { $count } invalid points
repair-learning-rate = learning rate { $rate }
repair-network = network ({ $detail })
repair-speed = speed { $speed }

## The window

window-title = nnviz — neural network playground

## Pictures

legend-class = class { $class }

## Data errors

data-non-finite = non-finite coordinate on line { $line }

## (data errors)

data-bad-number = line { $line }: cannot parse '{ $value }' as a number in column { $column }
data-no-points = no points in file
data-too-many-points = too many points: more than { $max }
data-too-many-classes = too many classes: { $found } (max { $max })
data-column-not-found = { $role } column '{ $name }' not found; columns are: { $available }
data-name-without-header = { $role } column '{ $name }' is given by name, but the file has no header row
data-missing-field = line { $line }: no { $role } field (column { $index }); the row has { $fields } fields
data-empty-label = line { $line }: empty label
data-bad-split = line { $line }: split must be 'train' or 'test', got '{ $value }'
data-empty-column-name = empty column name
data-unknown-preset = unknown preset '{ $name }'; valid presets are: { $valid }
data-invalid-param = { $name } must be in { $range }, got { $value }
data-unsupported-classes = preset '{ $preset }' supports { $supported } classes, got { $classes }
data-io = cannot read '{ $path }': { $detail }
data-too-large = '{ $path }' is { $size } bytes; files of at most { $max } bytes ({ $mib } MiB) can be read
data-too-many-fields = line { $line }: more than { $max } fields in one row
data-too-many-labels = line { $line }: more than { $max } different labels (a dataset has at most 8 classes)

## Errors of files, networks and pictures

session-read = cannot read '{ $path }': { $detail }
session-write = cannot write '{ $path }': { $detail }
session-too-large = the session is { $size } bytes (at most { $max })
session-truncated = file is truncated: { $detail }
session-not-json = file is not valid JSON: { $detail }
session-not-a-session = file is not a session: { $detail }
session-unknown-version = unknown session version { $version } (this nnviz reads 1, 2 and 3)
nn-weight-shape = layer { $layer }: expected a { $expected_rows }x{ $expected_cols } weight matrix, got { $rows }x{ $cols }
nn-layer-count = expected { $expected } weight matrices, got { $got }
nn-non-finite = layer { $layer }: weight or bias is not a finite number
nn-ragged = layer { $layer }: rows of the weight matrix have different lengths
nn-json = weights JSON: { $detail }
edit-non-finite = the position { $position } is not a number
edit-class-out-of-range = class { $class } is not one of the { $classes } classes
edit-bad-index = there is no point { $index }: there are { $len } points
file-too-large = the file is { $size } bytes (at most { $max })
png-invalid-image = image buffer holds { $len } bytes, but { $width }×{ $height } RGBA needs width × height × 4
png-bad-size = cannot encode a { $width }×{ $height } image as PNG (each side must be 1..=4294967295)
png-encode = PNG encoding failed: { $detail }
png-io-replace = cannot replace PNG file { $path }: { $detail }
png-io-write = cannot write PNG file { $path }: { $detail }
cli-diverged = training diverged at step { $step }: the loss became { $value }; try a lower learning rate (now { $rate })
simd-unsupported = this CPU cannot run the { $path } kernels

## (diagram, for screen readers)

diagram-accessible-name = Network diagram

## The command line

cli-no-points = the dataset has no points
cli-no-training-points-all-test = the dataset has no training points (all are test points)
cli-no-training-points = the dataset has no training points
cli-loss-classes = --loss { $loss } cannot train { $classes } classes: more than 2 classes need --loss { $needed } (softmax), the default for them
cli-momentum-beta = --momentum-beta must be at least 0 and below 1, got { $beta }
cli-momentum-beta-needs-momentum = --momentum-beta needs --optimizer momentum or nesterov (the optimizer is { $optimizer })
cli-options-with-session = { $options } cannot be used with --session: the session brings its own points, network and weights
cli-weights-file = weights file '{ $path }': { $detail }
cli-hidden-not-a-size = --hidden: '{ $value }' is not a layer size
cli-what-weights-file = weights file
cli-cannot-read = cannot read { $what } '{ $path }': { $detail }
cli-too-large = { $what } '{ $path }' is { $size } bytes; files of at most { $max } bytes ({ $mib } MiB) can be read
cli-size = --size must be 1..=8192, got { $size }
cli-stop-loss = --stop-loss must be a positive number, got { $value }
cli-cannot-write = cannot write '{ $path }': { $detail }

## (command line)

cli-cannot-write-output = cannot write output: { $detail }

## (errors at the edge)

cli-error = error: { $detail }
window-not-opened = could not open the window: { $detail }

## Reading JSON files

json-place = {" "}(line { $line }, column { $column })
json-truncated = the file ends in the middle
json-one-of = one of { $names }
json-one-of-colon = one of:
json-train-or-test = "train" or "test"
json-a-number = a number
json-a-whole-number-0 = a whole number, 0 or more
json-a-whole-number = a whole number
json-true-or-false = true or false
json-a-text = a text in quotes
json-a-list = a list
json-an-object = an object
json-a-value-or-null = a value or null
json-a-name = a name in quotes
json-an-optimizer-object = an object with a "kind" (sgd, momentum, adam, rms_prop or nesterov)
json-a-list-of = a list of { $count }
json-the-text = the text { $text }
json-the-number = the number { $number }
json-expected-found = expected { $expected }, found { $found }
json-expected-found-list = expected { $expected }, found a list of { $count }
json-expected-one-of-found = expected one of { $names }, found { $found }
json-unknown-field = unknown field { $name } (expected { $expected })
json-unknown-field-none = unknown field { $name } (no fields are expected here)
json-missing-field = the field { $name } is missing
json-duplicate-field = the field { $name } appears twice
json-expected-value = expected a value (a number, text, list, object, true, false or null)

## Checking session files

session-too-many-points = { $count } points (at most { $max })
session-num-classes = num_classes is { $classes } (must be 2..={ $max })
session-point-not-finite = point { $index }: coordinate is not a finite number
session-point-class = point { $index }: class { $class } but the dataset has { $classes } classes (0..={ $last })
session-class-names = { $names } class names for { $classes } classes
session-class-name-long = class name { $index } is longer than { $max } characters
session-speed = speed must be a positive number of steps per second (or null), got { $speed }
session-view = view must be a finite rectangle with min < max, got x { $x }, y { $y }
session-too-many-loss = { $count } loss samples (at most { $max })
session-too-many-test-loss = { $count } test loss samples (at most { $max })
session-steps = trainer_state.steps is { $steps } (at most { $max })
session-too-many-layers = { $count } optimiser layers (at most { $max })

## ---- issue 13 H: the hidden space (new messages below this line) ----

hidden-space-title = Hidden space
hidden-space-toggle = Hidden space (H)
hidden-space-toggle-tip = Show the data points and the input plane's grid as a hidden layer sees them, live while training.
menu-hidden-space = Hidden space
menu-hidden-space-tip = Show or hide the hidden-space view: the data as a hidden layer sees it.
key-toggle-hidden-space = hidden space
hidden-space-waiting = Waiting for the first picture…
hidden-space-layer-label = Layer:
hidden-space-layer = Layer { $n }
hidden-space-layer-tip = Draw the points as this hidden layer ({ $units } units) sees them.
hidden-space-output = Output scores
hidden-space-output-tip = The output layer's { $units } scores before its sigmoid or softmax.
hidden-space-pca = PCA
hidden-space-pca-tip = Use the layer's first two principal components as the axes: the directions in which its activations over the data points vary most.
hidden-space-pca-disabled-tip = A layer of one unit has no second direction.
hidden-space-x = x:
hidden-space-y = y:
hidden-space-unit = unit { $n }
hidden-space-unit-tip = The unit whose activation this axis shows.
hidden-space-axis-unit = unit { $n } of layer { $layer }
hidden-space-axis-output = output score { $n } (before the activation)
hidden-space-axis-pca = PCA { $n } ({ $percent } % of the variance)
hidden-space-axis-flat = (a layer of one unit: nothing on this axis)
hidden-space-plot-tip = Each dot is a data point and each grey line a straight line of the input plane, drawn where this layer puts them: layer by layer the network bends the plane until the classes come apart.

## The canvas

canvas-accessible-name = Canvas
canvas-training-stopped = Training stopped: { $reason } Press Reset (R) to start again.
canvas-no-training-points = No training points: click on the canvas to add some.
canvas-explain-hint = Explain mode: click a point to follow it through the network · ] and [ step through the points
canvas-hint = Click to add a point of class { $class } · drag to move · right-click to delete · scroll to zoom

## ---- issue 13 T: the playground's toggles; own data gets the playground's network ----
action-imported-playground-network = { $text } Own data trains with the playground's network ({ $network }: biases, normalised inputs, cross-entropy, Adam, textbook order); weights were reset.
menu-discretize = Discretize output
menu-discretize-tip = Colour every region in its class's colour alone, without shading by how sure the network is ({ $key }).
menu-test-points = Show test points
menu-test-points-tip = Draw the points held out for testing (hollow rings) on the canvas and in exported pictures ({ $key }).
key-toggle-discretize = Discretize output on or off
key-toggle-test-points = Show or hide the test points
diagram-hover-preview-tip = Hover a unit to preview its map on the canvas; click to keep it there.
inside-previewing-input = Showing input { $name } (orange { $low } … blue { $high }) — click it in the diagram to keep it
inside-previewing-unit = Showing unit { $name } (orange { $low } … blue { $high }) — click it in the diagram to keep it

## ---- issue 14 A: per-layer activations and dropout (new messages below this line) ----
nn-activation-count = { $activations } activations for { $layers } hidden layers (at most one per layer)
nn-dropout-count = { $rates } dropout rates for { $layers } hidden layers (at most one per layer)
nn-dropout-rate = dropout rate { $rate } of hidden layer { $layer } is outside 0 to 0.9
activation-gelu = GELU
activation-elu = ELU
activation-gelu-tip = 0.5 y (1 + tanh(√(2/π) (y + 0.044715 y^3))): a smooth ReLU that lets small negative sums through a little. Common in transformers.
activation-elu-tip = y for y > 0, else e^y − 1: like ReLU for positive sums, but bends smoothly down to −1 for negative ones, so a neuron never goes completely silent.
network-activation-all-tip = A click here sets every hidden layer at once; each layer's own choice is the box in its row above.
network-layer-activation-tip = Activation of hidden layer { $layer } only. The row “Activation” below sets all layers at once.
network-layer-activation = layer { $layer } activation
network-layer-dropout = layer { $layer } dropout
network-dropout-tip = Dropout of hidden layer { $layer }: in each training step every neuron of the layer is switched off with this probability (the others are scaled up by 1 / (1 − p)). Used in training only: the heatmap, the loss and accuracy and explain mode use the whole network. 0 = off.
network-what-layer-activation = layer { $layer } activation { $activation }
network-dropout-changed = Dropout of layer { $layer } set to { $rate }: used in training only, the weights are kept.
cli-activation-count = --activation: { $given } names for { $layers } hidden layers (give one name for all layers, or one per layer)
cli-dropout-count = --dropout: { $given } rates for { $layers } hidden layers (give one rate for all layers, or one per layer)
cli-dropout-not-a-rate = --dropout: '{ $value }' is not a number

#
#

## ---- issue 14 B: optimisers and learning-rate schedules (new messages below this line) ----
optimizer-rmsprop = RMSProp
optimizer-rmsprop-tip = Divides each weight's step by the root of its recent squared gradients (ρ 0.9), so steep and flat directions move alike.
optimizer-nesterov = Nesterov
optimizer-nesterov-tip = Momentum that looks ahead: the step adds the gradient to where the velocity is taking the weight (β 0.9).
training-rmsprop-rho = RMSProp ρ
training-rmsprop-rho-tip = How slowly the mean of the squared gradients forgets (0.9 is usual; closer to 1 = longer memory).
training-schedule = Rate schedule
training-schedule-tip = How the learning rate changes over the steps; the slider sets the base rate. New weights start the schedule again.
schedule-constant = constant
schedule-constant-tip = The base rate at every step.
schedule-step = step decay
schedule-step-tip = The rate is multiplied by a factor every so many steps.
schedule-exp = exponential
schedule-exp-tip = The rate is multiplied by a factor at every step.
schedule-cosine = cosine
schedule-cosine-tip = The rate follows half a cosine down to its lowest value over a period of steps, then stays there.
training-schedule-every = every (steps)
training-schedule-every-tip = Steps between two drops of the rate.
training-schedule-factor = factor
training-schedule-factor-tip = The rate is multiplied by this at each drop (0.5 halves it).
training-schedule-decay = decay per step
training-schedule-decay-tip = The rate is multiplied by this at every step (0.999 halves it in about 700 steps).
training-schedule-period = period (steps)
training-schedule-period-tip = Steps from the base rate down to the lowest rate.
training-schedule-min = lowest
training-schedule-min-tip = The lowest rate, as a fraction of the base rate (0.1 = a tenth).
training-warmup = warm-up (steps)
training-warmup-tip = Steps in which the rate rises in a straight line from 0 to the base rate before the schedule starts (0 = none).
plot-lr = Learning rate (right axis)
plot-lr-axis = Learning rate
plot-lr-tip = The learning rate each step used (its schedule applied to the base rate), on the axis at the right.
schedule-steps-invalid = the schedule's { $name } must be a whole number of steps from 1 to { $max }, got { $value }
schedule-factor-invalid = the schedule's { $name } must be above 0 and at most 1, got { $value }
schedule-fraction-invalid = the schedule's { $name } must be from 0 to 1, got { $value }
schedule-warmup-invalid = the warm-up must be at most { $max } steps, got { $value }
cli-rho = --rho must be at least 0 and below 1, got { $rho }
cli-rho-needs-rmsprop = --rho needs --optimizer rmsprop (the optimizer is { $optimizer })
cli-schedule-unknown = --schedule: unknown schedule '{ $schedule }' (expected constant, step, exp or cosine)
cli-schedule-option-needs = { $option } needs --schedule { $schedule } (the schedule is { $current })
cli-schedule-invalid = { $option }: { $detail }

#
#

## ---- issue 14 C: export as code (new messages below this line) ----
export-non-finite = cannot export the network as code: { $what } holds a number that is not finite (NaN or infinity); reset or retrain the network first
export-cannot-build = cannot export the network as code: { $detail }
export-regression = cannot export a regression network as code yet: the scripts are written for classification (predict, classify and the training targets are classes)
menu-export-py = Export as Python (numpy)…
menu-export-py-tip = Save the trained network as a self-contained Python script in the tutorial's style: the points, the weights, the forward pass, predict() and the training loop with these settings (needs numpy).
menu-export-torch = Export as PyTorch…
menu-export-torch-tip = Save the trained network as a PyTorch script: an nn.Sequential holding these weights (float64), predict() and a training loop with the matching torch.optim optimiser.
files-export-py-title = Export the network as a numpy script
files-export-torch-title = Export the network as a PyTorch script
files-exported-code = Exported { $path }.
files-not-exported-code = { $path } was not written: { $detail }

#
#

## ---- issue 14 D: training health and CLI progress (new messages below this line) ----
health-title = Training needs a hand
health-title-tip = nnviz checks a few times a second whether training is stuck although the loss stays finite.
health-saturated = { $units } of { $of } sigmoid/tanh units are stuck at their limits: their gradients are near zero, so training no longer moves them. Lowering the rate alone does not free them: reset the weights with a lower rate.
health-dead = { $units } of { $of } ReLU units are dead: they output 0 for every training point, so they no longer learn. Reset the weights (with a lower rate, or leaky ReLU, they stay alive).
health-oscillating = The loss swings up and down without going down: the learning rate { $rate } is too high for this optimiser. Lower it.
health-lower-rate = Lower the rate to { $rate }
health-lower-rate-tip = Sets the learning rate to { $rate }; training goes on from the current weights.
health-reset-lower = Reset the weights at rate { $rate }
health-reset-lower-tip = Sets the learning rate to { $rate } and draws new random weights (back to step 0).
health-reset = Reset the weights
health-reset-tip = Draws new random weights (back to step 0); the learning rate stays.
health-dismiss = Dismiss
health-dismiss-tip = Hides this hint until the condition changes.
cli-hint-saturated = hint: { $units } of { $of } sigmoid/tanh units are stuck at their limits (gradients near zero); a lower rate alone does not free them: start again with new weights and a lower rate, e.g. --lr { $rate }
cli-hint-dead = hint: { $units } of { $of } ReLU units are dead (they output 0 for every training point): start again with new weights (another --seed), a lower rate (e.g. --lr { $rate }) or --activation leaky_relu
cli-hint-oscillating = hint: the loss swings without going down: the learning rate { $rate } is too high for this optimiser; try --lr { $lower }
cli-progress = { $rate } steps/s · loss { $loss } · { $left } s left

#
#

## ---- issue 13 R: regression (new messages below this line) ----
preset-plane = plane
preset-peaks = peaks
preset-plane-tip = Regression: a tilted plane, value (x + y) / 10; noise is added to the value.
preset-peaks-tip = Regression: two positive and two negative Gaussian bumps; noise is added to the value.
data-unknown-problem = unknown problem '{ $name }' (expected classification or regression)
session-values-count = the dataset has { $points } points but { $values } values
session-value-not-finite = a point's value is not a finite number
cli-problem-preset = --problem { $problem } does not fit --preset { $preset }; { $problem } presets: { $presets }
cli-loss-regression = --loss { $loss } cannot train a regression network: use --loss mse or sse
edit-value-non-finite = a point's value must be a finite number
refusal-bad-point-value = Could not change the value of point { $index }: there are only { $len } points.
data-problem = Problem:
data-problem-tip = What the points' labels are: classes (the network gives class probabilities) or numbers (the network ends in one linear unit and learns the value).
data-problem-classification = Classification
data-problem-classification-tip = Points have classes; switching back brings the classification preset used before.
data-problem-regression = Regression
data-problem-regression-tip = Points have values; generates the plane preset with a network ending in one linear unit, trained on the mean squared error.
data-new-point-value = value of new points
data-new-point-value-tip = The value a click on the canvas gives a new point. Shift+click on a point gives it this value.
data-value-counts = { $count } points, { $test } of them test points
data-value-counts-tip = Test points (hollow) are never trained on; their MSE and R² show how well the network generalises.
canvas-hint-regression = Click to add a point of value { $value } · shift+click a point to give it that value · drag to move · right-click to delete · scroll to zoom
canvas-colour-bar-tip = Colour scale of the values: orange above 0, white at 0, blue below; the heatmap shows the network's prediction, the points their target values.
gesture-shift-click = Shift+click a point
gesture-shift-click-does = regression: give it the value of new points
metrics-mse = MSE
metrics-mse-tip = Mean squared error, Σ (value − prediction)² / n, in the values' own units squared.
metrics-rmse = RMSE
metrics-rmse-tip = Root of the MSE: a typical error, in the values' own units.
metrics-r2 = R²
metrics-r2-tip = Coefficient of determination, 1 − SS_res / SS_tot: 1 is a perfect fit, 0 is no better than predicting the mean.
canvas-colour-bar = Colour bar

## ---- issue 13 gaps ----
diagram-predicted-value = predicted value
diagram-click-back-values = click to go back to the predicted values
diagram-enter-back-values = Enter to go back to the predicted values
inside-click-to-keep = click it in the diagram to keep it
inside-click-again-back = click it again in the diagram to go back
inside-showing-values = Showing { $name }: the predicted value (blue { $low } … orange { $high }) — { $action }
explain-note-output-value = the output: one linear unit, the predicted value in the network's units
explain-note-unstandardised = the predicted value in the target's own units: the network learns the standardised value, so its output is scaled back (× { $std } + { $mean })
explain-note-value-error = error = y − out: the target value (as the network learns it) minus the predicted output
explain-note-mse-delta = MSE's gradient for this point: 2·(y − out) / n, with n = { $batch } points in a step (the output is linear, so no slope factor)
explain-note-sse-delta = the tutorial's ½·Σ(y − out)²: the delta is the error itself (the output is linear)
explain-test-value-point = Test point #{ $index } (value { $value }) at ({ $x }, { $y })
explain-training-value-point = Training point #{ $index } (value { $value }) at ({ $x }, { $y })
explain-predicted-value = Predicted value: { $value }
explain-backward-title-value = Backward pass for this point (target value { $value })
explain-standardised-target = The network learns the standardised target: y = (value − mean) / std = { $y }
hidden-space-timeline = Timeline: the weights of step { $step }
hidden-space-timeline-tip = The timeline is scrubbed back, so this is the hidden space of that snapshot. Press Live in the timeline to see the live network again.
data-numeric-labels = the label column holds numbers with more than { $max } different values: that is a value to predict (regression), not classes
cli-hint-problem-regression = (to learn the label column as a number, add --problem regression)
csv-imported-values = Imported { $points } points with values from { $name } (Ctrl+Z undoes).
csv-value-column = value column
csv-value-column-tip = The column with each point's value to predict (a number; regression mode).
csv-import-as-regression = Import as regression (predict the number)
csv-import-as-regression-tip = Read the label column as a number to predict and switch to regression: the network ends in one linear unit and learns the value.

## ---- issue 15 lesson ----
lesson-button = Lesson
lesson-button-tip = A guided tour of the tutorial's ideas in eight steps, on the live network ({ $key }). Your place is kept when you leave.
lesson-heading = Lesson
lesson-leave = Leave lesson ({ $key })
lesson-leave-tip = Back to the playground with its side panel ({ $key } or the Lesson button opens the lesson again, at this step).
lesson-step-of = Step { $n } of { $count }
lesson-jump = Go to step…
lesson-jump-tip = Jump to any step of the lesson.
lesson-step-item = { $n }. { $title }
lesson-previous = ◀ Previous
lesson-previous-tip = The step before this one.
lesson-next = Next ▶
lesson-next-tip = The next step.
lesson-reset = Reset this step's example
lesson-reset-tip = Puts this step's points and network back as the step set them up (the tasks done stay done).
lesson-tasks = Try it:
lesson-task-done = Done.
lesson-task-open = Not done yet: it ticks itself when you have done it.
key-toggle-lesson = open or leave the lesson
lesson-neuron-title = One neuron
lesson-neuron-text = A neuron adds up its inputs, each multiplied by a weight, and compares the sum with a threshold b: s = w₁·x₁ + w₂·x₂ − b. A positive weight excites the neuron, a negative one inhibits it. Where s = 0 lies a straight line: on one side the neuron's output σ(s) is above 0.5, on the other below. Move the sliders or drag the handles on the canvas.
lesson-activations-title = Activations
lesson-activations-text = The weighted sum can be any number; the activation squeezes it. Sigmoid gives 0 to 1, tanh −1 to 1, ReLU cuts off everything below 0. The orange mark is the sum at the chosen point. Where a curve is flat, changing the sum changes the output hardly at all.
lesson-layers-title = Layers
lesson-layers-text = The tutorial's network: 2 inputs, a hidden layer of 4 neurons, 1 output. The sizes of the input and output layers are fixed by the problem; the hidden layer's size is yours to choose. What the network learns are its connections: every line in the diagram is one weight. Each hidden neuron draws its own map, shown in the diagram.
lesson-forward-title = Forward pass
lesson-forward-text = A prediction goes through the layers one after another: the row of inputs times a weight matrix gives the sums of the next layer, the activation turns them into its outputs, and those are the inputs of the layer after. Pick a point (click it on the canvas or choose it below) and follow it with "Next layer".
lesson-backward-title = Loss and backward pass
lesson-backward-text = How wrong the output is becomes the loss; going backwards from the output, each weight learns which way to move to make the loss smaller.
lesson-training-title = Training
lesson-training-text = Training repeats the forward pass, the loss and the backward pass many times, each time nudging the weights by the learning rate.
lesson-prediction-title = Prediction
lesson-prediction-text = Once trained, the weights stay fixed and the network predicts points it never saw: every pixel of the picture is one prediction.
lesson-features-title = Features are learned
lesson-features-text = In a deeper network the first layer finds simple shapes and later layers combine them into more complex ones, until the classes come apart.
lesson-neuron-task-separate = Make the neuron separate the two points: class 1's point where the output is above 0.5, class 0's where it is below.
lesson-neuron-excites = excites
lesson-neuron-inhibits = inhibits
lesson-neuron-no-effect = no effect
lesson-neuron-not-a-neuron = The network is not a single neuron any more: reset this step's example.
lesson-neuron-w1 = w₁ (x)
lesson-neuron-w2 = w₂ (y)
lesson-neuron-b = b (threshold)
lesson-neuron-weight-tip = The weight of this input: its sign says whether the input excites or inhibits the neuron, its size how strongly.
lesson-neuron-b-tip = The threshold the weighted inputs are compared with: changing it moves the line without turning it.
lesson-neuron-point = Point { $n } at ({ $x }, { $y }), class { $class }: sum { $sum }, output { $out }
lesson-neuron-line-handle-tip = Drag to move the line w·x = b (changes b).
lesson-neuron-arrow-handle-tip = Drag to turn the line: the arrow points along w, towards the side where the output is above 0.5.
lesson-activations-task-tanh = Switch the activation to tanh and watch the neuron's map change.
lesson-activations-task-flat = Move the weighted sum at the chosen point into a flat part of the curve (where the output hardly changes).
lesson-activations-choice-tip = The neuron's activation: the map on the canvas changes at once, the weights stay.
lesson-activations-at = Point { $n } of { $count }: sum { $sum }, output { $out }
lesson-activations-other-point = Other point
lesson-activations-other-point-tip = Mark the weighted sum at the next point instead.
lesson-activations-changed = The neuron's activation is now { $activation } (same weights).
lesson-activations-sum = weighted sum
lesson-layers-task-add = Add a hidden neuron and watch the number of connections change.
lesson-layers-shape = Layer sizes: { $shape }
lesson-layers-count = Connections (weights): { $formula }
lesson-layers-biases = Plus { $biases } biases, one per neuron after the input.
lesson-layers-add = + Hidden neuron
lesson-layers-add-tip = One more neuron in the hidden layer (a new network with new weights).
lesson-layers-remove = − Hidden neuron
lesson-layers-remove-tip = One neuron fewer in the hidden layer (a new network with new weights).
lesson-layers-changed = The network is now { $network }.
lesson-forward-task-output = Follow a point layer by layer until you reach the output.
lesson-forward-point = Point { $n }: ({ $x }, { $y }), class { $class }
lesson-forward-point-tip = The point to send through the network (or click a point on the canvas).
lesson-forward-matrix = { $name }: a { $rows }×{ $cols } matrix (one row per input, one column per neuron)
lesson-forward-result = Output { $value }: the network says class { $class }.
lesson-forward-next = Next layer ▶
lesson-forward-next-tip = Compute the next layer: multiply by its weights, then apply its activation.
lesson-forward-again = Start again
lesson-forward-again-tip = Back to the input layer.

## ---- lesson: the user's work put aside ----
lesson-work-set-aside = Your points and network are put aside while the lesson runs; they come back when you leave it.
lesson-work-set-aside-unsaved = Your points and network are put aside while the lesson runs (in memory only: { $detail }); they come back when you leave it.
lesson-work-back = Your own points and network are back.
lesson-work-unreadable = Your work from before the lesson could not be read back from { $path }: { $detail }. The file is left where it is; open it with File ▸ Open session.


## ---- issue 15 lesson steps 5-8 ----
lesson-backward-task-walk = Step through the whole backward pass with Next
lesson-backward-task-apply = Apply the step: the weights change by exactly the ΔW shown
lesson-backward-wait = Waiting for the network…
lesson-backward-next = Next
lesson-backward-next-tip = Show the next quantity of the backward pass, from the output back to the input
lesson-backward-apply = Apply this step
lesson-backward-apply-tip = Train one step: W₀ and W₁ change by the ΔW₀ and ΔW₁ computed here (the diagram's edges change with them)
lesson-backward-error = Error (mean |E₂|): { $error }
lesson-backward-shape = { $rows } × { $cols }
lesson-backward-e2 = E₂ = Y − L₂ (how wrong each output is)
lesson-backward-d2 = D₂ = E₂ * L₂(1 − L₂) (the output delta)
lesson-backward-w1 = ΔW₁ = lr · L₁^T D₂ (added to W₁)
lesson-backward-e1 = E₁ = D₂ W₁^T with the updated W₁
lesson-backward-d1 = D₁ = E₁ * L₁(1 − L₁) (the hidden delta)
lesson-backward-w0 = ΔW₀ = lr · L₀^T D₁ (added to W₀)
lesson-backward-order-note = The tutorial sends the error back through W₁ after its update; the textbook uses W₁ from before the step. nnviz trains in either order (Training ▸ update order).
lesson-training-task-run = Train the tutorial's 10,000 steps at learning rate 0.01
lesson-training-run = Train { $steps } steps
lesson-training-run-plain = Train
lesson-training-run-tip = Start training (the Play button of the transport bar)
lesson-training-pause = Pause
lesson-training-pause-tip = Stop training; the weights stay as they are
lesson-training-rate = Learning rate
lesson-training-rate-tip = How far each step moves the weights (the transport bar's rate); too high and the loss jumps instead of falling
lesson-training-printout = The tutorial's printout (every 100 steps, as nnviz train prints it):
lesson-prediction-task-export = Export the picture
lesson-prediction-trained = Trained { $step } of { $total } steps
lesson-prediction-accuracy = Training points classified right: { $percent } %
lesson-prediction-export = Export picture…
lesson-prediction-export-tip = Save the map as a { $size } × { $size } PNG, as the tutorial draws it
lesson-features-task-space = Open the hidden space (View ▸ Hidden space, or H)
lesson-features-task-accuracy = Train until the test accuracy reaches 90 %
lesson-features-progress = Step { $step }: test accuracy { $percent } %
lesson-features-look = In the diagram, compare the maps of the first layer (straight edges) with those of the last layer (curved, spiral-like).
lesson-training-task-diverge = Raise the rate until training breaks (the error climbs or sticks near 0.5), then recover: a rate of 1 or less, new weights if they are stuck, and the error falling again
lesson-training-broke = Training broke: the steps were too big, so the loss rose instead of falling. Lower the rate to { $rate } or less; saturated neurons stay stuck, so give the network new weights.
lesson-training-reset = New weights
lesson-training-reset-tip = Draw new random weights and start the loss curve again (the transport bar's Reset)

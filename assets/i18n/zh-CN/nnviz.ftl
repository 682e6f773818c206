# nnviz：界面的简体中文消息。每个消息 id 都必须与 en/nnviz.ftl 一一对应，参数相同（见 tests/i18n.rs）。
# 术语与教程一致：神经元、权重、阈值、激活函数、输入层、隐藏层、输出层、正向传播、反向传播、
# 学习率、损失函数、训练集/测试集、决策边界。

## 菜单栏

menu-file = 文件
menu-open-session = 打开会话…
menu-open-session-tip = 打开会话文件（.json）：数据点、网络和权重。
menu-open-recent = 最近打开
menu-open-recent-empty = 打开或保存过的会话会列在这里。
menu-save-session = 保存会话
menu-save-session-tip = 把全部内容（数据点、网络、权重、训练状态）保存到当前文件。
menu-save-session-as = 会话另存为…
menu-save-session-as-tip = 把全部内容保存为新文件，例如发给学生。
menu-import-csv = 导入数据点（CSV）…
menu-import-csv-tip = 从 CSV 文件读取数据点，由你选择 x、y 和类别所在的列。
menu-export-csv = 导出数据点（CSV）…
menu-export-csv-tip = 以 x,y,label,split 的格式写出数据点。
menu-export-loss = 导出损失曲线（CSV）…
menu-export-loss-tip = 以 step,error,loss 的格式写出损失曲线，可用电子表格打开。
menu-export-png = 导出图片（PNG）…
menu-export-png-tip = 把画布（颜色和数据点）保存为图片，用于报告。
menu-edit = 编辑
menu-undo = 撤销
menu-undo-tip = 撤回对数据点的上一次修改。
menu-redo = 重做
menu-redo-tip = 重新执行刚才撤销的修改。
menu-view = 视图
menu-diagram = 网络结构图
menu-diagram-tip = 显示或隐藏网络结构图。
menu-explain = 计算过程
menu-explain-tip = 显示或隐藏正向传播和反向传播的具体数值。
menu-timeline = 时间轴
menu-timeline-tip = 显示或隐藏训练快照的时间轴。
menu-presentation = 演示模式
menu-presentation-tip = 画布和损失曲线占满窗口，数据点和文字更大。
menu-language = 语言
menu-language-tip = 界面语言；切换时训练不会中断。下次启动时沿用。
menu-undo-button = ↺ 撤销
menu-undo-button-tip = 撤回对数据点的上一次修改（{ $key }）。
menu-redo-button = ↻ 重做
menu-redo-button-tip = 重做（{ $key }）。
menu-session-in-use = 正在使用的会话文件：{ $path }

## 播放控制栏

transport-app-tip = nnviz —— 神经网络演练场
transport-pause = ▮▮ 暂停
transport-pause-tip = 暂停训练；网络保留已经学到的内容。
transport-play = ▶ 开始
transport-play-tip = 开始训练：网络反复进行正向传播和反向传播。
transport-play-key-tip = { $tip }（{ $key }）
transport-step = ▶▮ 单步
transport-step-tip = 只做一步训练（正向传播、计算误差、反向传播、更新权重），然后暂停。（{ $key }）
transport-reset = ↺ 重置
transport-reset-tip = 清除网络学到的内容：重新随机初始化权重，步数归零。数据点保持不变。（{ $key }）
transport-step-count = 第 { $step } 步
transport-step-count-timeline = 第 { $step } 步（时间轴）
transport-step-count-tip = 自上次重置以来完成的训练步数（在时间轴中：所显示快照的步数）。
transport-present = 演示
transport-leave-presentation = 退出演示
transport-present-tip = 演示模式：画布和损失曲线占满窗口，数据点和文字更大，适合投影。（{ $key }；Esc 退出）
transport-learning-rate = 学习率
transport-learning-rate-tip = 每次沿误差减小的方向调整权重时迈出的步子有多大。太小：学得很慢；太大：误差来回跳动甚至发散。拖动时取 0.01、0.02、0.05、0.1 等值；点击数字可以输入任意值。修改在下一步生效。
transport-steps-per-second = 步/秒
transport-speed-tip = 训练速度：每秒训练多少步。调慢可以一步一步地观察决策边界的移动。
transport-unlimited = 不限速
transport-unlimited-tip = 以这台计算机的最快速度训练（小网络每秒可超过一百万步）。

## 侧边栏

side-data = 数据
side-training = 训练
side-network = 网络
side-metrics = 指标
side-view = 视图
side-shortcuts = 快捷键
side-shortcuts-tip = nnviz 的全部按键和鼠标操作
side-network-shape-bias = { $shape }，{ $activation }，有偏置
side-network-shape-no-bias = { $shape }，{ $activation }，无偏置
side-network-shape-tip = 网络结构：输入（x, y）→ 隐藏层神经元 → 输出，隐藏层的激活函数，以及神经元是否带偏置（阈值）。教程中的网络没有偏置。
side-back-to-tutorial = ◀ 回到教程
side-back-to-tutorial-tip = 恢复教程的设置：8 个数据点、2 → 4 → 1 的 sigmoid 网络（重新随机初始化权重）、学习率 0.01 和默认速度。
side-fit = 适应数据
side-fit-tip = 显示全部数据点，四周留出 1 的边距。（{ $key }，或双击画布）
side-zoom-in = 放大
side-zoom-in-tip = 以视图中心放大。（{ $key }，或向上滚动）
side-zoom-out = 缩小
side-zoom-out-tip = 以视图中心缩小。（{ $key }，或向下滚动）
side-view-hint = 滚轮或 +/- 缩放 · 中键拖动、空格+拖动或 Shift+方向键平移

## 状态栏

status-stopped = 已停止：{ $reason }
status-crashed-repeatedly = 已停止：训练线程多次崩溃。数据点都还在，可以保存；按“开始”重试。
status-error = 误差
status-error-tip = 教程中的 Error：训练点上 |y − out| 的平均值。
status-loss = 损失
status-loss-tip = 网络要最小化的量（损失函数的值）。
status-accuracy = 准确率
status-accuracy-tip = 网络分类正确的数据点所占的比例：训练集 / 留出的测试集。
status-accuracy-train-test = { $train } / 测试 { $test }
status-r2 = R²
status-r2-tip = 网络解释了数值波动的多少（1 = 每个值都预测准确，0 = 不比它们的平均值好）：训练集 / 留出的测试集。
canvas-readout-value = 预测值 { $value }
status-steps-per-second = 步/秒
status-steps-per-second-tip = 每秒训练的步数，由训练线程测量。
status-maps-per-second = 图/秒
status-maps-per-second-tip = 网络输出的图像每秒刷新多少次。

## 训练选项

loss-sse = SSE
loss-mse = MSE
loss-bce = BCE
loss-cross-entropy = 交叉熵
loss-sse-tip = 教程中的 ½·Σ(y − out)²，对所有数据点求和：一个 sigmoid 输出。
loss-mse-tip = 均方误差：(y − out)² 的平均值，因此步长不会随数据点的个数增大。
loss-bce-tip = sigmoid 输出上的二元交叉熵：对很有把握却错了的预测惩罚很重，比平方误差学得快。
loss-cross-entropy-tip = Softmax + 交叉熵：每个类别一个输出，转换成概率。超过 2 个类别时必须用它。
optimizer-sgd = SGD
optimizer-momentum = 动量
optimizer-adam = Adam
optimizer-sgd-tip = 普通的梯度下降（教程所用）：每个权重沿梯度的反方向移动。
optimizer-momentum-tip = 像小球滚下山坡：在一直有效的方向上，步子会越走越快。
optimizer-adam-tip = 根据每个权重最近的梯度自适应调整步长（β₁ 0.9，β₂ 0.999）。通常收敛最快。
training-loss = 损失函数
training-loss-tip = 误差的度量方式。更换它会改变输出层，因此权重会重新开始。
training-loss-two-classes-only = { $tip }（仅适用于 2 个类别）
training-loss-changed = 损失函数改为 { $loss }：输出层变了（{ $network }），因此权重已重置。
training-optimizer = 优化器
training-optimizer-tip = 如何把梯度变成权重的更新。更换优化器会保留权重。
training-momentum-beta = 动量 β
training-momentum-beta-tip = 保留上一步方向的比例（0 即普通 SGD，常用 0.9）。
training-batch = 批大小
training-batch-tip = 每一步使用多少个训练点（随机抽取）。小批量的每一步便宜但有噪声；用全部数据则每一步都更稳。
training-full-batch = 全批量
training-full-batch-tip = 全批量：每一步都使用全部训练点，与教程相同。
training-l1-tip = L1 正则化：以固定的量把每个权重拉向 0，关掉没用的连接。0 = 关闭。
training-l2-tip = L2 正则化（权重衰减）：缩小过大的权重，使决策边界更平滑、更不容易过拟合。0 = 关闭。
training-off = 关闭
training-tutorial-order = 教程的更新顺序
training-tutorial-order-tip = 教程先更新一层的权重，再用更新后的权重把误差往回传。关闭时为教科书式的反向传播：所有梯度都使用更新前的权重。
training-batch-is-full = 批大小 ≥ 训练点数：即全批量

## 网络编辑器

activation-sigmoid = sigmoid
activation-tanh = tanh
activation-relu = ReLU
activation-leaky-relu = Leaky ReLU
activation-linear = 线性
activation-softmax = softmax
activation-sigmoid-tip = 1 / (1 + e^−y)：把任意的加权和压缩到 (0, 1) 之间。教程所用的激活函数。
activation-tanh-tip = tanh(y)：与 sigmoid 相似，但取值在 −1 到 1 之间、以 0 为中心；往往学得更快。
activation-relu-tip = max(0, y)：正的加权和原样通过，负的被挡住。计算快；决策边界由一段段直线组成。
activation-leaky-relu-tip = 与 ReLU 相似，但让负的加权和通过 1%，神经元永远不会完全“沉默”。
activation-linear-tip = y 保持不变：完全没有弯曲。只由线性神经元组成的多层网络只能画出直线边界。
activation-softmax-tip = 各类别上的概率（仅用于输出层）。
init-uniform = 均匀 ±1
init-xavier = Xavier
init-he = He
init-uniform-tip = 每个权重的初始值在 −1 到 1 之间随机选取，与教程相同。
init-xavier-tip = 按层的大小缩放初始权重，使信号既不消失也不爆炸。适合 sigmoid 和 tanh。
init-he-tip = 为 ReLU 神经元缩放初始权重（比 Xavier 稍大）。
feature-x-tip = 数据点的 x 坐标。
feature-y-tip = 数据点的 y 坐标。
feature-x2-tip = x²：即使只有一个神经元，也能画出弯曲（抛物线形）的边界。
feature-y2-tip = y²：与 x² 一起使用，圆形边界就很容易了。
feature-xy-tip = x·y：在相对的两个象限为正，在另外两个象限为负——正适合异或（XOR）。
feature-sinx-tip = sin x：沿 x 方向的波，适合条纹和重复的图案。
feature-siny-tip = sin y：沿 y 方向的波。
network-hidden-layers = 隐藏层
network-hidden-layers-tip = 位于输入层和输出层之间的神经元层。层数越多，越能把简单的形状组合成复杂的形状。
network-remove-layer = − 一层
network-remove-layer-tip = 删除最后一个隐藏层。
network-add-layer = + 一层
network-add-layer-tip = 在末尾添加一个隐藏层（最多 { $max } 层）。
network-layer = 第 { $layer } 层
network-layer-tip = 第 { $layer } 个隐藏层：{ $units } 个神经元。
network-fewer-units-tip = 第 { $layer } 层减少一个神经元。
network-more-units-tip = 第 { $layer } 层增加一个神经元（最多 { $max } 个）。
network-activation = 激活函数
network-activation-tip = 每个隐藏层神经元对加权和施加的非线性变换。没有它，再多的层也只能画出一条直线。
network-init = 初始权重
network-init-tip = 随机初始权重的取法。好的初始权重是深层网络能学起来的前提。
network-bias = 偏置
network-bias-tip = 给每个神经元加上偏置：一个可学习的阈值，让决策边界可以离开原点。教程中的网络没有偏置。
network-normalize = 输入归一化
network-normalize-tip = 平移并缩放 x 和 y，使训练点的均值为 0、离散程度为 1。坐标数值较大时有帮助（教程直接使用原始坐标）。
network-inputs = 输入
network-inputs-tip = 网络看到的每个数据点的特征。x² 或 x·y 之类的额外特征会让某些形状容易学得多。至少要保留一个。
network-last-input-tip = { $tip }（这是最后一个输入，必须保留）
network-what-removed-layer = 删除了一层
network-what-added-layer = 添加了一层
network-what-units = 第 { $layer } 层有 { $units } 个神经元
network-what-activation = 激活函数 { $activation }
network-what-init = 初始权重 { $init }
network-what-bias-on = 开启偏置
network-what-bias-off = 关闭偏置
network-what-normalized = 输入已归一化
network-what-raw = 原始输入
network-what-input-on = 开启输入 { $input }
network-what-input-off = 关闭输入 { $input }
network-changed = 网络已更改（{ $what }：{ $network }）：权重已重置。

## 数据

preset-seed = 教程
preset-xor = 异或
preset-circle = 圆环
preset-gauss = 高斯
preset-spiral = 螺旋
preset-moons = 双月
preset-checkerboard = 棋盘
preset-seed-tip = 教程中的 8 个数据点：两个类别，一条直线就能分开（不使用下面的滑块）。
preset-xor-tip = 同号象限与异号象限：任何一条直线都分不开，加一个隐藏层就可以。
preset-circle-tip = 圆盘外面套着圆环，每一环一个类别：决策边界必须首尾相接。
preset-gauss-tip = 每个类别一团高斯分布的点：最简单的数据集；噪声越大，点团越散。
preset-spiral-tip = 每个类别一条绕着中心的螺旋臂：最难的数据集。
preset-moons-tip = 两个交错的半月形（只有 2 个类别）：边界是一条平缓的曲线。
preset-checkerboard-tip = 方格按（行 + 列）mod K 着色：要切分出许多小区域。
data-class-of-new-points = 新数据点的类别：
data-class-of-new-points-tip = 在画布上单击会添加这个类别的数据点。也可以按 0–7 键选择类别；双击类别可以给它命名。
data-class-hint = 类别 { $class }
data-class-button-key-tip = 添加类别 { $class } 的数据点（按键 { $key }）；双击可重命名
data-class-button-tip = 添加类别 { $class } 的数据点；双击可重命名
data-classes = 类别数
data-classes-tip = 数据点可以有几个类别（颜色），2–8 个。生成的数据集会按这个类别数重新生成。网络会换一个新的输出层，所以权重重新开始。两个类别用一个 sigmoid 输出；更多类别时每个类别一个 softmax 输出。
data-clear = 清空
data-clear-tip = 删除全部数据点，自己画一个数据集。
data-class-count = { $count }×{ $class }
data-point-counts = { $count } 个数据点（{ $classes }）
data-point-counts-tip = 数据点的个数，以及每个类别各有多少个。
data-dataset = 数据集
data-dataset-tip = 选择一个现成的数据集。每一个都是给网络出的不同难题。
data-tutorial-hint = 选择一个预设来生成数据点；教程的 8 个点没有可调的设置。
data-own-points-hint = 你自己的 { $points }（其中 { $test } 个测试点）：“划分”会保留这些点，重新选出测试点；选择预设或 ↻ 重新生成会替换它们。
data-test-share = 测试集比例
data-test-share-tip = “划分”时标记为测试点的比例（画成空心，从不参与训练）。0 % 会把所有点都变回训练点。
data-seed-prefix = 种子{" "}
data-split-seed-tip = 划分用的随机种子：同一个种子选出同样的点。
data-split = 划分训练集/测试集
data-split-tip = 按类别把这个比例的数据点标记为测试点，由种子决定选哪些。数据点位置不变。Ctrl+Z 可以撤销。
data-points = 点数
data-points-tip = 要生成多少个数据点。点越多，形状越清楚，但每一步训练也越慢。
data-noise = 噪声
data-noise-tip = 数据点偏离理想形状的程度。噪声很大时，各类别互相重叠，任何网络都不可能把每个点都分对。
data-test-points = 测试点
data-test-points-tip = 留出来测试网络的数据点所占的比例（画成空心）。网络从不在这些点上训练，所以它们的准确率反映网络对没见过的点泛化得怎么样。
data-seed-tip = 随机种子：同一个种子总是生成同样的数据点。
data-new-seed = 换个种子
data-new-seed-tip = 生成新的随机数据点：换一个种子并重新生成。
data-regenerate = ↻ 重新生成
data-regenerate-tip = 用这些设置重新生成数据点（会丢掉你对它们的修改）。网络结构不变，从新的随机权重开始。
data-describe = { $preset }，{ $classes } 个类别，{ $points } 个数据点{ $test ->
    [0] {""}
   *[other] （其中 { $test } 个测试点）
}

## 指标

metrics-confusion = 混淆矩阵
metrics-train-points = 训练点
metrics-train-points-tip = 训练点的混淆矩阵。
metrics-test-points = 测试点
metrics-test-points-tip = 留出的测试点的混淆矩阵。
metrics-no-points = 还没有这类数据点。
metrics-loss = 损失
metrics-loss-tip = 网络要最小化的量（越低越好）。
metrics-accuracy = 准确率
metrics-accuracy-tip = 分类正确的数据点所占的比例。
metrics-train = 训练集
metrics-train-tip = 网络用来学习的数据点（实心）。
metrics-test = 测试集
metrics-test-tip = 留出的数据点（空心）：从不参与训练，反映网络在没见过的点上表现如何。
metrics-stop-at-loss = 停止条件：损失 <
metrics-stop-at-loss-tip = 训练损失一旦低于这个值，就自动暂停训练。
metrics-stop-loss-value-tip = 要达到的损失。
metrics-stop-after = 停止条件：步数达到
metrics-stop-after-tip = 训练到这么多步后自动暂停（从上次重置开始计数）。
metrics-steps-suffix = {" "}步
metrics-stop-steps-value-tip = 在第几步停止。
metrics-confusion-axes = 行：真实类别 · 列：预测类别
metrics-confusion-tip = 混淆矩阵：行是数据点的真实类别，列是网络预测的类别。绿色的对角线格子是分对的；红色格子统计分错的（例如第 2 行第 0 列：类别 2 的点被当成了类别 0）。
metrics-confusion-classes = 类别：{ $names }。

## 损失曲线

plot-title = 训练中的误差
plot-log-y = 对数 y
plot-log-y-tip = 误差轴取对数：训练后期的微小改进也看得见。
plot-log-x = 对数 x
plot-log-x-tip = 步数轴取对数：训练很久以后，学得最多的最初几步仍然占有足够的位置。
plot-window-tip = 显示整个训练过程，或只显示最近的若干步。
plot-all-steps = 全部步数
plot-last-steps = 最近 { $steps } 步
plot-error = 误差 = |y − out| 的平均值
plot-error-tip = 教程中的 Error：每一步训练点上 |y − out| 的平均值。
plot-loss = 损失
plot-loss-tip = 网络要最小化的损失，在训练点上，每一步都有。
plot-test-loss = 测试损失
plot-test-loss-tip = 同一个损失在留出的测试点（从不参与训练）上的值，每秒测几次。训练损失下降而它上升：过拟合。
plot-step = 步数
plot-tip = 教程中的 Error（训练点上 |y − out| 的平均值）和网络要最小化的损失随训练步数的变化。两者都应该下降。有测试点时，测试损失反映网络在从未训练过的点上表现如何。灰色竖线标出数据或设置发生变化的位置。

## 快捷键和鼠标操作

key-redo = 重做
key-undo = 撤销
key-save-as = 会话另存为…
key-save = 保存会话
key-open = 打开会话
key-escape = 关闭检查器或退出演示模式
key-presentation = 演示模式
key-diagram-up = 结构图：上一个神经元
key-diagram-down = 结构图：下一个神经元
key-diagram-left = 结构图：左边一层
key-diagram-right = 结构图：右边一层
key-diagram-show-unit = 结构图：在画布上显示该神经元的输出图
key-diagram-weights = 结构图：该神经元的权重
key-zoom-in = 放大
key-zoom-out = 缩小
key-fit = 视图适应数据
key-pan-left = 向左平移
key-pan-right = 向右平移
key-pan-up = 向上平移
key-pan-down = 向下平移
key-add-point = 在光标处添加数据点
key-delete-hovered = 删除光标下的数据点
key-step = 训练一步
key-reset = 重置权重
key-toggle-diagram = 网络结构图
key-toggle-explain = 计算过程
key-toggle-timeline = 时间轴
key-explain-next = 计算过程：下一个数据点
key-explain-prev = 计算过程：上一个数据点
key-explain-pin = 计算过程：固定最近的数据点
key-class = 新数据点的类别设为 { $class }
key-or = {" "}或{" "}
gesture-space = 空格
gesture-space-does = 开始 / 暂停
gesture-space-drag = 空格+拖动
gesture-space-drag-does = 平移
gesture-click = 单击
gesture-click-does = 添加数据点
gesture-drag = 拖动
gesture-drag-does = 移动数据点
gesture-right-click = 右键单击
gesture-right-click-does = 删除数据点
gesture-scroll = 滚轮
gesture-scroll-does = 以光标为中心缩放
gesture-middle-drag = 中键拖动
gesture-middle-drag-does = 平移
gesture-double-click = 双击
gesture-double-click-does = 视图适应数据
gesture-tab = Tab
gesture-tab-does = 让结构图获得键盘焦点
gesture-double-click-class = 双击类别
gesture-double-click-class-does = 重命名

## 训练线程报告的情况

refusal-non-finite-position = 已忽略一个位置不是数值的数据点：{ $position }
refusal-class-out-of-range = 已忽略类别 { $class } 的数据点：数据只有 { $classes } 个类别。
refusal-bad-point-move = 无法移动第 { $index } 个数据点：一共只有 { $len } 个数据点。
refusal-bad-point-remove = 无法删除第 { $index } 个数据点：一共只有 { $len } 个数据点。
refusal-data-not-usable = 无法使用新的数据点：{ $detail }
refusal-invalid-network = 无法使用这些网络设置（{ $detail }）；保留原来的网络。
refusal-invalid-training = 无法使用这些训练设置：{ $detail }
refusal-invalid-learning-rate = 已忽略学习率 { $rate }：学习率必须是正数。
refusal-learning-rate-not-set = 无法把学习率设为 { $rate }：{ $detail }
refusal-nan-speed = 已忽略一个不是数值的训练速度。
refusal-invalid-view = 已忽略一个空的或无效的视图：{ $bounds }
refusal-non-finite-parameter = 已忽略 { $parameter } = { $value }：权重必须是数值。
refusal-no-such-weight = 无法设置 { $parameter }：网络 { $sizes } 没有这个权重。
refusal-no-such-bias = 无法设置 { $parameter }：网络 { $sizes } 没有这个偏置。
refusal-no-biases = 无法设置 { $parameter }：这个网络没有偏置。
refusal-parameter-not-set = 无法设置 { $parameter }：{ $detail }
refusal-optimizer-restarted = 优化器已重新开始：{ $detail }
refusal-no-training-points = 没有可以训练的训练点。
refusal-session-not-loaded = 无法打开会话：{ $detail }
refusal-reset-failed = 无法重置权重：{ $detail }
refusal-settings-lost = 发散之后无法保留训练设置：{ $detail }
refusal-snapshot-not-found = 没有第 { $step } 步的快照可以回退。
refusal-snapshot-replaced = 第 { $asked } 步的快照已不再保留；已回退到第 { $used } 步。
refusal-snapshot-not-restored = 无法回退到第 { $step } 步：{ $detail }
stop-reached-steps = 已停止：达到 { $max } 步
stop-loss-below = 已停止：第 { $step } 步时损失 { $loss } < { $max }
diverged-loss-nan = 损失变成了 NaN
diverged-loss-infinite = 损失变成了无穷大
diverged-weights-infinite = 权重变成了无穷大
diverged-outputs-overflowed = 网络的输出溢出了
diverged = 训练在第 { $step } 步发散（{ $what }），学习率为 { $rate }。已暂停；请调低学习率或按“重置”。
classes-changed = { $classes } 个类别：网络的输出变了，所以权重已重置。

## 操作之后的提示

points = { $count } 个数据点
action-went-back = 已回到第 { $step } 步；训练从那里继续。
action-cleared = 已删除全部数据点。在画布上单击可以添加新的数据点。
action-nothing-to-redo = 没有可以重做的操作。
action-nothing-to-undo = 没有可以撤销的操作。
action-weights-reset-after-divergence = 权重已重置。如有需要请先调低学习率，再按“开始”。
action-back-to-tutorial = 已回到教程：8 个数据点，2 → 4 → 1 的 sigmoid 网络，学习率 0.01。
action-network-settings-refused = 无法使用这些网络设置：{ $detail }
action-loss-changed = 损失函数已更换：权重已重置。
action-removed-dropped-classes = 已删除被去掉的类别的 { $count } 个数据点。
action-classes-cross-entropy = { $classes } 个类别：损失函数改为交叉熵（每个类别一个 softmax 输出）；权重已重置。
action-generate-failed = 无法生成数据点：{ $detail }
action-generated-new-network = { $what }；网络 { $network }，新的权重。
action-generated-same-network = { $what }；网络不变，新的权重。
action-more-classes-cross-entropy = 超过 2 个类别：损失函数改为交叉熵（softmax 输出）。
action-split-failed = 无法划分数据点：{ $detail }
action-split = 已划分数据点：{ $train }用于训练，{ $test }用于测试（空心）。Ctrl+Z 可以撤销。
action-own-data-textbook-order = 现在训练使用教科书式的更新顺序（所有梯度都由这一步之前的权重算出），与 `nnviz train --data` 相同。
action-imported-cross-entropy = { $text }超过 2 个类别：损失函数改为交叉熵（每个类别一个 softmax 输出）；权重已重置。
action-network-not-adapted = 网络保持原样：它无法适应这些数据点（{ $detail }）。
action-brought-back = 恢复了 { $points }，现在共 { $now }。
action-took-away = 去掉了 { $points }，现在共 { $now }。
action-put-back = 数据点已恢复原样（{ $points }）。

## 文件浏览器

dialog-cannot-list = 无法列出 { $folder } 的内容：{ $detail }
dialog-type-a-name = 请输入文件名或选择一个文件。
dialog-no-such-file = 文件 { $path } 不存在。
dialog-no-folder = { $path } 所在的文件夹不存在。
dialog-replace = { $name } 已存在。再按一次“{ $button }”即可替换它。
dialog-up = ↑ 上一级
dialog-up-tip = 转到包含这个文件夹的上一级文件夹（Backspace）。
dialog-home = 主目录
dialog-home-tip = 转到你的主目录。
dialog-folder-tip = 下面列出的文件夹。
dialog-empty-folder = （空文件夹）
dialog-no-matching-files = （这里没有符合的文件）
dialog-file-name = 文件名：
dialog-file-name-hint = 文件名，或完整路径
dialog-file-name-tip = 这个文件夹中的文件名，或一个完整路径。按 Enter 确认。
dialog-show-all = 显示全部文件（不只是 { $extensions }）
dialog-show-all-tip = 列出文件夹中的每个文件，不论类型。
dialog-accept-tip = 使用上面填写的文件（Enter）。
dialog-cancel = 取消
dialog-cancel-tip = 关闭，不做任何操作（Esc）。

## 文件

files-open-title = 打开会话
files-open = 打开
files-save-title = 会话另存为
files-save = 保存
files-import-csv-title = 从 CSV 导入数据点
files-import = 导入
files-export-csv-title = 把数据点导出为 CSV
files-export-loss-title = 把损失曲线导出为 CSV
files-export-png-title = 把图片导出为 PNG
files-export = 导出
files-not-opened-path = 未打开（没有任何改动）：{ $path }：{ $detail }
files-not-opened = 未打开（没有任何改动）：{ $detail }
files-opened = 已打开 { $name }。
files-saved-window-copy = 已按窗口中的副本保存 { $path }（训练线程没有运行，所以优化器状态和损失曲线没有保存）。
files-saved = 已保存 { $path }。
files-not-saved = 未保存：{ $detail }
files-recent-gone = { $path } 已不存在；已从最近打开的文件中移除。
files-recent-gone-count = 有 { $count } 个最近打开的文件已不存在，已从列表中移除。
files-png-size = 尺寸：
files-png-size-tip = 正方形图片的宽和高，{ $min } 到 { $max } 像素。可以拖动或输入数字。
files-png-legend = 图例
files-png-legend-tip = 添加图例：每个类别的颜色和名称，放在不遮挡数据点的地方。
files-cannot-open-dropped = 无法打开 { $name }：请拖入会话（.json）或数据点（.csv）。
files-drop-here = 拖入会话（.json）或数据点（.csv）即可打开
files-recovered = 已恢复你在 { $time } 的会话：nnviz 上次没有正常关闭。
files-autosave-unreadable = 无法读取退出时保存的会话（{ $detail }）；本次不使用它启动。该文件保持原样，退出时也不会被覆盖。
files-damaged-kept-as = 损坏的文件已保留为 { $path }。
files-damaged-stays = 损坏的文件仍在 { $path }（{ $detail }），退出时不会被覆盖。
files-autosave-damaged = 无法恢复退出时保存的会话（{ $detail }）；本次不使用它启动。{ $kept }
files-no-storage-folder = 未自动保存：这个系统没有存储文件夹。
files-autosave-blocked = 未自动保存：损坏的 { $path } 保持原样。
files-autosave-failed = 无法自动保存会话：{ $detail }
files-network-cannot-be-built = 无法构建网络（{ $detail }）

## CSV 文件

csv-not-imported-path = 未导入（没有任何改动）：{ $path }：{ $detail }
csv-not-imported = 未导入（没有任何改动）：{ $detail }
csv-imported = 已从 { $name } 导入 { $points } 个数据点，共 { $classes } 个类别（Ctrl+Z 可以撤销）。
csv-what-points = 数据点
csv-what-loss-curve = 损失曲线
csv-saved = 已把{ $what }保存到 { $path }。
csv-not-written = 无法写入 { $path }：{ $detail }
csv-cannot-read = 无法读取 { $path }：{ $detail }
csv-import-title = 导入 { $name }
csv-first-lines = 文件的前几行：
csv-x-column = x 所在列
csv-x-column-tip = 存放横坐标的列。
csv-y-column = y 所在列
csv-y-column-tip = 存放纵坐标的列。
csv-label-column = 类别所在列
csv-label-column-tip = 存放每个数据点类别的列（数字 0、1、…… 或名称）。
csv-replace-note = 这些数据点会替换当前的数据点；Ctrl+Z 可以恢复。
csv-import-tip = 从这些列读取数据点（Enter）。
csv-cancel-tip = 关闭，不导入（Esc）。

## 图片和自动保存

picture-busy = 未导出：{ $name } 还在导出中，请等它完成。
picture-not-yet = 还没有图片：请等第一幅热力图出来。
picture-not-started = 无法开始导出图片：{ $detail }
picture-exporting = 正在导出 { $name }（{ $size }×{ $size } 像素）…
picture-thread-gone = 导出线程已不存在
picture-thread-crashed = 导出线程崩溃了
picture-saved = 已把 { $size }×{ $size } 的图片保存到 { $path }。
picture-failed = 无法把图片导出到 { $path }：{ $detail }
autosave-no-thread = 无法自动保存：没有可用的线程（{ $detail }）。
autosave-failed = 无法自动保存到 { $path }：{ $detail }
autosave-thread-crashed = 无法自动保存到 { $path }：写入线程崩溃了。

## 网络内部：工具栏和时间轴

inside-scrub-edit-hint = 只能编辑当前的网络：请先回到“实时”或从这个快照继续训练
inside-scrub-edit-message = 这是时间轴上的旧快照，只能编辑当前的网络。请先在时间轴上按“实时”或“从这里继续”，再点击这个权重。
inside-timeline-overlay = 时间轴：第 { $step } 步 —— 把滑块拖到最右端（或按“实时”）回到现在
inside-showing-input = 正在显示输入 { $name }（橙 { $low } … 蓝 { $high }）—— 在结构图中再点一次即可返回
inside-showing-unit = 正在显示神经元 { $name }（橙 { $low } … 蓝 { $high }）—— 在结构图中再点一次即可返回
inside-diagram-toggle = 网络结构图 (D)
inside-diagram-toggle-tip = 显示网络：每个神经元配一张小图，画出它在整个平面上的计算结果；每个权重画成一条线（蓝 = 正，橙 = 负，越粗越强）。点击一条线可以修改它的权重，点击一个神经元可以放大查看它的图。
inside-explain-toggle = 计算过程 (E)
inside-explain-toggle-tip = 跟着数字走：光标处的正向传播，一层一层，旁边是教程中的公式。悬停或点击一个训练点，还能看到反向传播的误差和 delta。
inside-timeline-toggle = 时间轴 (T)
inside-timeline-toggle-tip = 回看训练过程：看看决策边界和权重早先的样子，并可以从任意时刻继续训练。
inside-explain-title = 计算过程：网络内部的数字
inside-explain-close = 关闭
inside-explain-close-tip = 关闭计算过程（E）。
timeline-empty = 时间轴会随着网络训练逐渐填满。
timeline-step = 第 { $step } 步
timeline-live-label = 实时
timeline-slider = 时间轴
timeline-slider-tip = 向左拖动，查看训练早期决策边界和权重的样子（训练会暂停）。最右端是现在。
timeline-resume = ▶ 从这里继续
timeline-resume-tip = 回到这些权重，从这一步继续训练（之后的步数会被丢弃）。
timeline-live = 实时
timeline-live-tip = 显示网络现在的样子。
timeline-snapshots = { $count } 个快照，每 { $stride } 步一个
timeline-snapshots-tip = 训练线程最多保留 { $max } 个快照（{ $megabytes } MB）：存满后每隔一个删掉一个，并把快照间隔加倍。

## 网络结构图

diagram-waiting = 正在等待网络…
diagram-hide-weights = 隐藏权重
diagram-weights = 权重 (W)
diagram-weights-tip = 列出所选神经元的全部输入权重和偏置，每一个都可以修改——包括那些淡得画不出来的。键盘：点击结构图或用 Tab 切换到它，用方向键选神经元，再按 W。
diagram-title = 网络内部
diagram-sizes-step = { $sizes } · 第 { $step } 步
diagram-positive-weight = 正权重
diagram-negative-weight = 负权重
diagram-timeline = （时间轴）
diagram-strongest = · 只显示最强的 { $shown } 条（共 { $all } 条）
diagram-strongest-tip = 大网络只画出最强的连接；把鼠标悬停在线上可以读出它的权重
diagram-keys = { $what } · 按键：↑↓ 神经元，←→ 层，Enter 显示图，W 权重，Tab 离开
diagram-footer-timeline = 悬停在线上读出权重 · 点击神经元查看它的图 · 要修改权重，请先按“实时”或“从这里继续”
diagram-footer = 悬停在线上读出权重 · 点击线可以修改权重 · 点击神经元在画布上查看它的图 · 按 Tab 或点击后用方向键选择神经元
diagram-bias-value = b{ $layer }[{ $unit }] = { $value }：{ $name } 的偏置
diagram-bias-title = b{ $layer }[{ $unit }]：{ $name } 的偏置
diagram-input-feature = 输入特征
diagram-softmax-score = softmax 之前的分数
diagram-unit-of = { $activation } 神经元
diagram-click-back = 点击返回类别图
diagram-enter-back = 按 Enter 返回类别图
diagram-click-show = 点击在画布上显示它的图
diagram-enter-show = 按 Enter 在画布上显示它的图
diagram-node = { $name }（{ $what }）—— { $action }

## 结构图中的名称

layout-edge = W{ $layer }[{ $row },{ $col }] = { $value }：{ $from } → { $to }
layout-input-n = 输入 { $number }
layout-output = 输出
layout-output-n = 输出 { $number }
layout-hidden-unit = 隐藏 { $layer }.{ $number }
layout-header-input = 输入层
layout-header-in = 输入
layout-header-output-act = 输出层（{ $activation }）
layout-header-out = 输出
layout-header-hidden-act = 隐藏层 { $layer }（{ $activation }）
layout-header-h-act = h{ $layer }（{ $activation }）
layout-header-h = h{ $layer }

## 神经元的权重

inspector-title = 神经元的权重
inspector-input-has-no-weights = 输入特征没有输入权重。在结构图中按 →（或点击一个神经元）选择隐藏层的神经元。
inspector-read-only = 时间轴上的第 { $step } 步，只读：只能编辑当前的网络。请先按“实时”或“从这里继续”。
inspector-hint = 拖动，或点击后输入数值再按 Enter；训练线程会立即使用它。Tab 移到下一个权重。
inspector-too-weak = 太弱，不在画出的最强连接之中。
inspector-weight-from = W{ $layer }[{ $row },{ $unit }]，来自 { $from }
inspector-bias = b{ $layer }[{ $unit }] 偏置
inspector-new-value = 新的值
inspector-new-value-tip = 输入一个数字并按 Enter（Esc 取消）。
inspector-set = 设定
inspector-set-tip = 立即使用这个值；训练从它继续。
inspector-cancel-tip = 保持权重不变。
inspector-not-a-number = 请输入一个数字，例如 -0.5

## 计算过程

explain-note-input = 输入
explain-note-sums = 加权和
explain-note-output = 输出
explain-note-activations = 激活值（{ $activation }）
explain-textbook-order = 教科书顺序：所有误差都经由上面第 { $step } 步的权重往回传，在任何权重更新之前。
explain-tutorial-order = 教程顺序，与训练时相同：从第 { $step } 步开始的这一步先更新每一层，再把误差经由更新后的权重（标记为 ′）往回传。
explain-note-output-error = 输出层的误差
explain-note-error-updated = 经由本步已经更新的 { $weights } 往回传的误差（教程顺序）
explain-note-error-before = 经由更新之前的 { $weights } 往回传的误差（教科书顺序）
explain-note-delta = delta
explain-empty = 把鼠标移到画布上，查看那里的正向传播；或者悬停在一个训练点上（点击可固定），同时查看反向传播。按键：] 和 [ 逐个切换训练点，P 固定离光标最近的点。
explain-test-point = 测试点 #{ $index }（类别 { $class }），位于 ({ $x }, { $y })
explain-training-point = 训练点 #{ $index }（类别 { $class }），位于 ({ $x }, { $y })
explain-at = 位于 ({ $x }, { $y })
explain-weights-of-step = · 第 { $step } 步的权重
explain-unpin = 取消固定
explain-unpin-tip = 不再固定这个点，只解释光标处。按键：] 和 [ 固定下一个或上一个训练点，P 固定离光标最近的点（光标不在画布上时按 P 取消固定）。
explain-forward = 正向传播：每一层把上一层乘以它的权重、求和，再用激活函数压缩这些加权和。
explain-prediction = 预测：类别 { $class }（{ $percent } %）
explain-keys = 按键：] 和 [ 逐个切换训练点，P 固定最近的点。
explain-backward-title = 这个点的反向传播（Y = 类别 { $class }）
explain-backward = 输出差了多少，就把这个误差经由权重往回传；训练时每个权重的改变量为 lr ·（它的输入）·（它后面的 delta）。
explain-order-tip = 更新顺序在训练选项中设置。教程先更新 W₁ 再计算 E₁；教科书式的反向传播使用这一步之前的权重。
explain-replayed = 这里用一个全新的优化器（没有动量或 Adam 的历史）和单独的一批数据重放更新后的权重，所以 E 这几行与训练时的值接近，但不完全相同。
explain-test-no-backward = 测试点不参与训练：没有反向传播。
explain-no-replay = 无法为这个网络和数据重放从这些权重开始的训练步，所以不显示反向传播。
explain-first-units = 宽的层只显示前 8 个神经元。

## 训练线程、设置和修复

worker-stopped-unexpectedly = 训练线程意外停止了。
worker-crashed = 训练线程崩溃了（{ $detail }）。
worker-not-restarted = { $what }它在 { $seconds } 秒内崩溃了 { $times } 次，因此没有重新启动，训练已停止。数据点都还在，仍然可以保存。按“开始”重试。
worker-restarted = { $what }已用你的数据点重新启动。
worker-not-started = 无法启动训练线程：{ $detail }
settings-not-a-file = { $path } 中的设置不是一个不超过 64 MiB 的普通文件；从教程开始。
settings-unreadable = 无法读取 { $path } 中的设置（{ $detail }）；从教程开始。
settings-not-saved = 无法把设置保存到 { $path }：{ $detail }
settings-state-unreadable = 无法读取保存的设置（已损坏或来自其他版本）；从教程开始。
settings-repaired = 保存的设置有一部分无效（{ $what }），已经修复。
repair-class-count = 类别数 { $classes }
repair-invalid-points = { $count } 个无效的数据点
repair-learning-rate = 学习率 { $rate }
repair-network = 网络（{ $detail }）
repair-speed = 速度 { $speed }

## 窗口

window-title = nnviz —— 神经网络演练场

## 图片

legend-class = 类别 { $class }

## 数据错误

data-non-finite = 第 { $line } 行的坐标不是有限的数值

## （数据错误）

data-bad-number = 第 { $line } 行：{ $column } 列中的“{ $value }”不是数字
data-no-points = 文件中没有数据点
data-too-many-points = 数据点太多：超过 { $max } 个
data-too-many-classes = 类别太多：{ $found } 个（最多 { $max } 个）
data-column-not-found = 找不到 { $role } 列“{ $name }”；现有的列为：{ $available }
data-name-without-header = { $role } 列“{ $name }”是按名称指定的，但文件没有表头行
data-missing-field = 第 { $line } 行：没有 { $role } 字段（第 { $index } 列）；这一行只有 { $fields } 个字段
data-empty-label = 第 { $line } 行：类别为空
data-bad-split = 第 { $line } 行：split 必须是“train”或“test”，实际为“{ $value }”
data-empty-column-name = 列名为空
data-unknown-preset = 未知的预设“{ $name }”；可用的预设有：{ $valid }
data-invalid-param = { $name } 必须在 { $range } 之内，实际为 { $value }
data-unsupported-classes = 预设“{ $preset }”支持 { $supported } 个类别，实际要求 { $classes } 个
data-io = 无法读取“{ $path }”：{ $detail }
data-too-large = “{ $path }”有 { $size } 字节；只能读取不超过 { $max } 字节（{ $mib } MiB）的文件
data-too-many-fields = 第 { $line } 行：一行中超过 { $max } 个字段
data-too-many-labels = 第 { $line } 行：超过 { $max } 种不同的类别（数据集最多只有 8 个类别）

## 文件、网络和图片的错误

session-read = 无法读取“{ $path }”：{ $detail }
session-write = 无法写入“{ $path }”：{ $detail }
session-too-large = 会话文件有 { $size } 字节（最多 { $max } 字节）
session-truncated = 文件不完整：{ $detail }
session-not-json = 文件不是有效的 JSON：{ $detail }
session-not-a-session = 文件不是会话文件：{ $detail }
session-unknown-version = 未知的会话版本 { $version }（这个 nnviz 能读取版本 1、2 和 3）
nn-weight-shape = 第 { $layer } 层：应为 { $expected_rows }x{ $expected_cols } 的权重矩阵，实际为 { $rows }x{ $cols }
nn-layer-count = 应有 { $expected } 个权重矩阵，实际为 { $got } 个
nn-non-finite = 第 { $layer } 层：权重或偏置不是有限的数值
nn-ragged = 第 { $layer } 层：权重矩阵各行的长度不同
nn-json = 权重 JSON：{ $detail }
edit-non-finite = 位置 { $position } 不是数值
edit-class-out-of-range = 类别 { $class } 不在这 { $classes } 个类别之中
edit-bad-index = 没有第 { $index } 个数据点：一共只有 { $len } 个
file-too-large = 文件有 { $size } 字节（最多 { $max } 字节）
png-invalid-image = 图像缓冲区有 { $len } 字节，但 { $width }×{ $height } 的 RGBA 图像需要 宽 × 高 × 4 字节
png-bad-size = 无法把 { $width }×{ $height } 的图像编码为 PNG（每边必须在 1..=4294967295 之内）
png-encode = PNG 编码失败：{ $detail }
png-io-replace = 无法替换 PNG 文件 { $path }：{ $detail }
png-io-write = 无法写入 PNG 文件 { $path }：{ $detail }
cli-diverged = 训练在第 { $step } 步发散：损失变成了 { $value }；请尝试更低的学习率（当前为 { $rate }）
simd-unsupported = 这个 CPU 无法运行 { $path } 内核

## （结构图，供读屏软件使用）

diagram-accessible-name = 网络结构图

## 命令行

cli-no-points = 数据集中没有数据点
cli-no-training-points-all-test = 数据集中没有训练点（全部是测试点）
cli-no-training-points = 数据集中没有训练点
cli-loss-classes = --loss { $loss } 无法训练 { $classes } 个类别：超过 2 个类别需要 --loss { $needed }（softmax），这也是它们的默认值
cli-momentum-beta = --momentum-beta 必须不小于 0 且小于 1，实际为 { $beta }
cli-momentum-beta-needs-momentum = --momentum-beta 需要 --optimizer momentum 或 nesterov（当前优化器为 { $optimizer }）
cli-options-with-session = { $options } 不能与 --session 一起使用：会话自带数据点、网络和权重
cli-weights-file = 权重文件“{ $path }”：{ $detail }
cli-hidden-not-a-size = --hidden：“{ $value }”不是层的大小
cli-what-weights-file = 权重文件
cli-cannot-read = 无法读取{ $what }“{ $path }”：{ $detail }
cli-too-large = { $what }“{ $path }”有 { $size } 字节；只能读取不超过 { $max } 字节（{ $mib } MiB）的文件
cli-size = --size 必须在 1..=8192 之内，实际为 { $size }
cli-stop-loss = --stop-loss 必须是正数，实际为 { $value }
cli-cannot-write = 无法写入“{ $path }”：{ $detail }

## （命令行）

cli-cannot-write-output = 无法写出输出：{ $detail }

## （最外层的错误）

cli-error = 错误：{ $detail }
window-not-opened = 无法打开窗口：{ $detail }

## 读取 JSON 文件

json-place = （第 { $line } 行，第 { $column } 列）
json-truncated = 文件在中途就结束了
json-one-of = 以下之一：{ $names }
json-one-of-colon = 以下之一：
json-train-or-test = "train" 或 "test"
json-a-number = 一个数字
json-a-whole-number-0 = 一个不小于 0 的整数
json-a-whole-number = 一个整数
json-true-or-false = true 或 false
json-a-text = 一段带引号的文本
json-a-list = 一个列表
json-an-object = 一个对象
json-a-value-or-null = 一个值或 null
json-a-name = 一个带引号的名称
json-an-optimizer-object = 一个带 "kind" 的对象（sgd、momentum、adam、rms_prop 或 nesterov）
json-a-list-of = 一个有 { $count } 项的列表
json-the-text = 文本 { $text }
json-the-number = 数字 { $number }
json-expected-found = 应为{ $expected }，实际为{ $found }
json-expected-found-list = 应为{ $expected }，实际为一个有 { $count } 项的列表
json-expected-one-of-found = 应为以下之一：{ $names }，实际为 { $found }
json-unknown-field = 未知的字段 { $name }（应为 { $expected }）
json-unknown-field-none = 未知的字段 { $name }（这里不应有字段）
json-missing-field = 缺少字段 { $name }
json-duplicate-field = 字段 { $name } 出现了两次
json-expected-value = 应为一个值（数字、文本、列表、对象、true、false 或 null）

## 检查会话文件

session-too-many-points = { $count } 个数据点（最多 { $max } 个）
session-num-classes = num_classes 为 { $classes }（必须在 2..={ $max } 之内）
session-point-not-finite = 第 { $index } 个数据点：坐标不是有限的数值
session-point-class = 第 { $index } 个数据点：类别为 { $class }，但数据集只有 { $classes } 个类别（0..={ $last }）
session-class-names = { $classes } 个类别却有 { $names } 个类别名称
session-class-name-long = 第 { $index } 个类别名称超过 { $max } 个字符
session-speed = speed 必须是每秒步数的正数（或 null），实际为 { $speed }
session-view = view 必须是 min < max 的有限矩形，实际为 x { $x }，y { $y }
session-too-many-loss = { $count } 个损失样本（最多 { $max } 个）
session-too-many-test-loss = { $count } 个测试损失样本（最多 { $max } 个）
session-steps = trainer_state.steps 为 { $steps }（最多 { $max }）
session-too-many-layers = { $count } 个优化器层（最多 { $max } 个）

## ---- issue 13 H: the hidden space (new messages below this line) ----

hidden-space-title = 隐藏空间
hidden-space-toggle = 隐藏空间 (H)
hidden-space-toggle-tip = 实时显示隐藏层眼中的数据点和输入平面的网格。
menu-hidden-space = 隐藏空间
menu-hidden-space-tip = 显示或隐藏“隐藏空间”视图：隐藏层眼中的数据。
key-toggle-hidden-space = 隐藏空间
hidden-space-waiting = 正在等待第一幅图……
hidden-space-layer-label = 层：
hidden-space-layer = 第 { $n } 层
hidden-space-layer-tip = 按这个隐藏层（{ $units } 个单元）看到的样子画出数据点。
hidden-space-output = 输出层得分
hidden-space-output-tip = 输出层在 sigmoid 或 softmax 之前的 { $units } 个得分。
hidden-space-pca = 主成分
hidden-space-pca-tip = 用这一层的前两个主成分作为坐标轴：它在数据点上的激活变化最大的方向。
hidden-space-pca-disabled-tip = 只有一个单元的层没有第二个方向。
hidden-space-x = 横轴：
hidden-space-y = 纵轴：
hidden-space-unit = 单元 { $n }
hidden-space-unit-tip = 这条轴显示哪个单元的激活。
hidden-space-axis-unit = 第 { $layer } 层的单元 { $n }
hidden-space-axis-output = 输出得分 { $n }（激活之前）
hidden-space-axis-pca = 主成分 { $n }（占方差的 { $percent }%）
hidden-space-axis-flat = （只有一个单元的层：这条轴上没有内容）
hidden-space-plot-tip = 每个圆点是一个数据点，每条灰线是输入平面上的一条直线，画在这一层把它们放到的位置：网络一层一层地弯曲这个平面，直到不同类别分开。
cli-help-hidden-space = 启动时打开“隐藏空间”视图（也可与 --measure 和 --screenshot 一起使用）。

## 画布

canvas-accessible-name = 画布
canvas-training-stopped = 训练已停止：{ $reason }按“重置”（R）重新开始。
canvas-no-training-points = 没有训练点：在画布上单击来添加。
canvas-explain-hint = 计算过程：点击一个数据点，跟着它穿过网络 · ] 和 [ 逐个切换数据点
canvas-hint = 单击添加类别 { $class } 的数据点 · 拖动可移动 · 右键单击删除 · 滚轮缩放

## ---- issue 13 T: the playground's toggles; own data gets the playground's network ----
action-imported-playground-network = { $text }自己的数据用演练场的网络训练（{ $network }：带偏置、输入归一化、交叉熵、Adam、教科书式更新顺序）；权重已重置。
menu-discretize = 离散化输出
menu-discretize-tip = 每个区域只用其类别的颜色填充，不按网络的把握程度调节深浅（{ $key }）。
menu-test-points = 显示测试点
menu-test-points-tip = 在画布上和导出的图片中画出留作测试的数据点（空心圆环）（{ $key }）。
key-toggle-discretize = 打开或关闭离散化输出
key-toggle-test-points = 显示或隐藏测试点
diagram-hover-preview-tip = 鼠标停在一个单元上，画布上就预览它的图；单击则保留在画布上。
inside-previewing-input = 正在显示输入 { $name }（橙 { $low } … 蓝 { $high }）—— 在结构图中单击它即可保留
inside-previewing-unit = 正在显示神经元 { $name }（橙 { $low } … 蓝 { $high }）—— 在结构图中单击它即可保留
cli-help-train-discretize = 仅用于 PNG：区域只按类别着色，不按把握程度调节深浅。

## 命令行帮助（英文的帮助来自代码中的文档注释，这里只有译文；见 tests/i18n.rs）

cli-help-about = nnviz：小型神经网络的实时演练场。
cli-help-lang = 界面和消息的语言：en 或 zh-CN（默认：上次选择的语言，否则为系统语言）。机器可读的输出不随语言改变。
cli-help-screenshot = 渲染 --after-frames 帧之后，把窗口截图保存为 FILE（PNG），然后退出。
cli-help-after-frames = 截图之前要渲染的帧数。
cli-help-measure = 以最高训练速度运行 SECONDS 秒，并自动拖动一个数据点，然后打印帧的统计数据。
cli-help-measure-points = 与 --measure 或 --screenshot 一起使用：先生成这么多个数据点（当前预设的点；若当前是教程的点，则改为 3 个类别的高斯点团），没有会话文件时在它们上面训练一个 2-8-8-3 的网络。
cli-help-renderer = 图形后端。
cli-help-fresh = 从教程开始，忽略（且不覆盖）保存的状态。
cli-help-session = 打开这个会话文件（由应用或 `nnviz train --save` 保存），而不是退出时保存的状态。
cli-help-train-about = 无界面训练：打印教程的 `Error:` 行，可选地保存权重和图片。
cli-help-train-preset = 数据集预设：seed（教程的 8 个数据点）、xor、circle、gauss、spiral、moons、checkerboard；回归：plane、peaks。
cli-help-train-data = 从 CSV 文件读取数据点（x,y,label；表头可有可无），代替预设。
cli-help-train-x-col = x 所在的 CSV 列（列名或从 0 开始的序号）。
cli-help-train-y-col = y 所在的 CSV 列（列名或从 0 开始的序号）。
cli-help-train-label-col = 类别所在的 CSV 列（列名或从 0 开始的序号；文本类别按出现的顺序对应到各个类别）。
cli-help-train-classes = 生成预设时的类别数（2-8）。
cli-help-train-points = 生成预设时的数据点个数。
cli-help-train-noise = 生成预设时的噪声，0-0.5。
cli-help-train-test-ratio = 留作测试集的数据点比例，0-0.9。
cli-help-train-hidden = 各隐藏层的大小，用逗号分隔，例如 `4` 或 `8,8`；`none` 表示没有隐藏层。
cli-help-train-activation = 隐藏层的激活函数：sigmoid、tanh、relu、leaky_relu、gelu、elu、linear；一个名字用于所有层，或者用逗号分隔、每层一个，例如 `relu,tanh`。
cli-help-train-bias = 每一层都带偏置。
cli-help-train-no-bias = 不带偏置（教程中的网络）。
cli-help-train-init = 权重初始化：uniform（教程的 [-1, 1)）、xavier、he。
cli-help-train-features = 输入特征，用逗号分隔：x、y、x2、y2、xy、sinx、siny。
cli-help-train-normalize = 把输入归一化为均值 0、方差 1。
cli-help-train-no-normalize = 直接输入原始坐标（教程的做法）。
cli-help-train-loss = 损失函数：sse（教程的 0.5·Σ(y−out)²）、mse、bce、cross_entropy（超过 2 个类别时只能用它）。
cli-help-train-lr = 学习率（> 0）。
cli-help-train-optimizer = 优化器：sgd、momentum、adam、rmsprop、nesterov。
cli-help-train-momentum-beta = `--optimizer momentum` 或 `nesterov` 的动量因子 β，0 ≤ β < 1（不指定时为 0.9）。
cli-help-train-batch = 小批量的大小；0 表示整个训练集。
cli-help-train-l1 = L1 正则化系数。
cli-help-train-l2 = L2 正则化系数。
cli-help-train-update-order = 更新顺序：tutorial（先更新 W1 再把误差往回传；seed 预设的默认值）或 textbook（其他情况的默认值）。
cli-help-train-steps = 训练步数（最多这么多步：`--stop-loss` 可以提前停止）。
cli-help-train-stop-loss = 训练损失低于 F（> 0）时停止，与应用中的“停止条件：损失 <”相同。
cli-help-train-print-every = 每 N 步打印一次 `Error:<value>`（0 = 从不）。
cli-help-train-seed = 权重、数据生成和打乱顺序用的随机种子。
cli-help-train-weights = 从这个 JSON 文件中的权重开始，而不是随机权重。
cli-help-train-save-weights = 把训练好的权重保存为 JSON。
cli-help-train-png = 把决策边界图写成 PNG。
cli-help-train-size = 图片每边的格数。
cli-help-train-legend = 在图片上加图例：每个类别的颜色和名称（与应用的导出相同）。
cli-help-train-session = 继续训练这个会话文件（它的数据点、网络、权重和优化器状态）；--lr 等训练选项仍然生效，数据和网络选项会被拒绝。
cli-help-train-save = 训练之后保存整个会话（数据点、网络、权重、优化器状态）。

## ---- issue 14 A: per-layer activations and dropout (new messages below this line) ----
nn-activation-count = 给了 { $activations } 个激活函数，但只有 { $layers } 个隐藏层（每层最多一个）
nn-dropout-count = 给了 { $rates } 个丢弃率，但只有 { $layers } 个隐藏层（每层最多一个）
nn-dropout-rate = 第 { $layer } 个隐藏层的丢弃率 { $rate } 不在 0 到 0.9 之间
activation-gelu = GELU
activation-elu = ELU
activation-gelu-tip = 0.5 y (1 + tanh(√(2/π) (y + 0.044715 y^3)))：平滑的 ReLU，负的小加权和也能通过一点。常用于 Transformer。
activation-elu-tip = y > 0 时为 y，否则为 e^y − 1：正的加权和与 ReLU 一样，负的则平滑地弯向 −1，神经元永远不会完全“沉默”。
network-activation-all-tip = 在这里点选会一次设定所有隐藏层；每层自己的选择在上面该层那一行的选框里。
network-layer-activation-tip = 只设定第 { $layer } 个隐藏层的激活函数。下面的“激活函数”一行一次设定所有层。
network-layer-activation = 第 { $layer } 层激活函数
network-layer-dropout = 第 { $layer } 层丢弃率
network-dropout-tip = 第 { $layer } 个隐藏层的丢弃率（dropout）：每个训练步中，该层每个神经元以这个概率被关掉（其余的放大为 1 / (1 − p) 倍）。只在训练时使用：热力图、损失和准确率以及计算过程都用完整的网络。0 表示不用。
network-what-layer-activation = 第 { $layer } 层激活函数 { $activation }
network-dropout-changed = 第 { $layer } 层的丢弃率设为 { $rate }：只在训练时使用，权重保留。
cli-activation-count = --activation：给了 { $given } 个名字，但有 { $layers } 个隐藏层（给一个名字用于所有层，或者每层一个）
cli-dropout-count = --dropout：给了 { $given } 个丢弃率，但有 { $layers } 个隐藏层（给一个数用于所有层，或者每层一个）
cli-dropout-not-a-rate = --dropout：'{ $value }' 不是数字
cli-help-train-dropout = 隐藏层的丢弃率（0 到 0.9，只在训练时使用）：一个数用于所有层，或者用逗号分隔、每层一个，例如 `0.1,0.2`。

#
#

## ---- issue 14 B: optimisers and learning-rate schedules (new messages below this line) ----
optimizer-rmsprop = RMSProp
optimizer-rmsprop-tip = 把每个权重的步长除以它最近梯度平方的均方根（ρ 0.9），陡峭和平缓的方向走得一样快。
optimizer-nesterov = Nesterov
optimizer-nesterov-tip = 向前看的动量：这一步在速度将要带到的位置上再加上梯度（β 0.9）。
training-rmsprop-rho = RMSProp ρ
training-rmsprop-rho-tip = 梯度平方的均值遗忘得多慢（常用 0.9；越接近 1 记得越久）。
training-schedule = 学习率调度
training-schedule-tip = 学习率如何随步数变化；滑块设置的是基础学习率。新的权重会让调度重新开始。
schedule-constant = 不变
schedule-constant-tip = 每一步都用基础学习率。
schedule-step = 阶梯衰减
schedule-step-tip = 每隔若干步把学习率乘以一个因子。
schedule-exp = 指数衰减
schedule-exp-tip = 每一步都把学习率乘以一个因子。
schedule-cosine = 余弦
schedule-cosine-tip = 学习率在一个周期的步数内沿半个余弦曲线降到最低值，然后保持不变。
training-schedule-every = 间隔（步）
training-schedule-every-tip = 两次降低学习率之间的步数。
training-schedule-factor = 因子
training-schedule-factor-tip = 每次降低时学习率乘以这个数（0.5 即减半）。
training-schedule-decay = 每步衰减
training-schedule-decay-tip = 每一步学习率乘以这个数（0.999 大约 700 步减半）。
training-schedule-period = 周期（步）
training-schedule-period-tip = 从基础学习率降到最低学习率所用的步数。
training-schedule-min = 最低
training-schedule-min-tip = 最低学习率，占基础学习率的比例（0.1 即十分之一）。
training-warmup = 预热（步）
training-warmup-tip = 调度开始之前，学习率从 0 直线上升到基础学习率所用的步数（0 = 不预热）。
plot-lr = 学习率（右轴）
plot-lr-axis = 学习率
plot-lr-tip = 每一步所用的学习率（基础学习率按调度变化后的值），刻度在右边的坐标轴上。
schedule-steps-invalid = 调度的 { $name } 必须是 1 到 { $max } 之间的整数步数，实际为 { $value }
schedule-factor-invalid = 调度的 { $name } 必须大于 0 且不超过 1，实际为 { $value }
schedule-fraction-invalid = 调度的 { $name } 必须在 0 到 1 之间，实际为 { $value }
schedule-warmup-invalid = 预热最多 { $max } 步，实际为 { $value }
cli-rho = --rho 必须不小于 0 且小于 1，实际为 { $rho }
cli-rho-needs-rmsprop = --rho 需要 --optimizer rmsprop（当前的优化器是 { $optimizer }）
cli-schedule-unknown = --schedule：未知的学习率调度“{ $schedule }”（应为 constant、step、exp 或 cosine）
cli-schedule-option-needs = { $option } 需要 --schedule { $schedule }（当前的调度是 { $current }）
cli-schedule-invalid = { $option }：{ $detail }
cli-help-train-rho = `--optimizer rmsprop` 的梯度平方均值衰减 ρ，0 ≤ ρ < 1（不指定时为 0.9）。
cli-help-train-schedule = 学习率调度：constant（不变）、step（每 --lr-step 步乘以 --lr-factor）、exp（每步乘以 --lr-decay）或 cosine（在 --lr-period 步内按余弦降到学习率的 --lr-min 倍，然后保持）。
cli-help-train-lr-step = `--schedule step` 两次降低之间的步数，≥ 1（不指定时为 1000）。
cli-help-train-lr-factor = `--schedule step` 每次降低的因子，0 < F ≤ 1（不指定时为 0.5）。
cli-help-train-lr-decay = `--schedule exp` 每步的因子，0 < F ≤ 1（不指定时为 0.999）。
cli-help-train-lr-period = `--schedule cosine` 从学习率降到最低值的步数，≥ 1（不指定时为 10000）。
cli-help-train-lr-min = `--schedule cosine` 的最低学习率，是 --lr 的倍数，0 ≤ F ≤ 1（不指定时为 0.1）。
cli-help-train-warmup = 调度开始之前，学习率从 0 直线上升到 --lr 的预热步数（0 = 不预热）。

#
#

## ---- issue 14 C: export as code (new messages below this line) ----
export-non-finite = 无法把网络导出为代码：{ $what } 中有不是有限数的值（NaN 或无穷大）；请先重置或重新训练网络
export-cannot-build = 无法把网络导出为代码：{ $detail }
export-regression = 暂时无法把回归网络导出为代码：脚本是为分类写的（predict、classify 和训练目标都是类别）
menu-export-py = 导出为 Python（numpy）…
menu-export-py-tip = 把训练好的网络保存为教程风格的独立 Python 脚本：数据点、权重、前向传播、predict() 以及按当前设置的训练循环（需要 numpy）。
menu-export-torch = 导出为 PyTorch…
menu-export-torch-tip = 把训练好的网络保存为 PyTorch 脚本：装有这些权重的 nn.Sequential（float64）、predict() 以及使用对应 torch.optim 优化器的训练循环。
files-export-py-title = 把网络导出为 numpy 脚本
files-export-torch-title = 把网络导出为 PyTorch 脚本
files-exported-code = 已导出 { $path }。
files-not-exported-code = 没有写入 { $path }：{ $detail }
cli-help-train-export-py = 训练之后把网络导出为独立的 numpy 脚本（数据点、权重、前向传播、训练循环）。
cli-help-train-export-torch = 训练之后把网络导出为 PyTorch 脚本（nn.Sequential，float64）。

#
#

## ---- issue 14 D: training health and CLI progress (new messages below this line) ----
health-title = 训练需要调整
health-title-tip = nnviz 每秒检查几次：损失虽然有限，训练是否已经停滞。
health-saturated = { $of } 个 sigmoid/tanh 单元中有 { $units } 个停在极限值上：它们的梯度接近零，训练已经推不动它们。只降低学习率不能让它们恢复：请用较低的学习率重置权重。
health-dead = { $of } 个 ReLU 单元中有 { $units } 个已经死亡：它们对每个训练点都输出 0，不再学习。请重置权重（用较低的学习率或 leaky ReLU，它们就不会死亡）。
health-oscillating = 损失上下摆动而不下降：学习率 { $rate } 对这个优化器来说太高了。请降低它。
health-lower-rate = 把学习率降到 { $rate }
health-lower-rate-tip = 把学习率设为 { $rate }；训练从当前权重继续。
health-reset-lower = 用学习率 { $rate } 重置权重
health-reset-lower-tip = 把学习率设为 { $rate } 并重新随机生成权重（回到第 0 步）。
health-reset = 重置权重
health-reset-tip = 重新随机生成权重（回到第 0 步）；学习率不变。
health-dismiss = 关闭
health-dismiss-tip = 隐藏这条提示，直到情况发生变化。
cli-hint-saturated = 提示：{ $of } 个 sigmoid/tanh 单元中有 { $units } 个停在极限值上（梯度接近零）；只降低学习率不能让它们恢复：请用新的权重和较低的学习率重新开始，例如 --lr { $rate }
cli-hint-dead = 提示：{ $of } 个 ReLU 单元中有 { $units } 个已经死亡（对每个训练点都输出 0）：请用新的权重（换一个 --seed）、较低的学习率（例如 --lr { $rate }）或 --activation leaky_relu 重新开始
cli-hint-oscillating = 提示：损失上下摆动而不下降：学习率 { $rate } 对这个优化器来说太高了；试试 --lr { $lower }
cli-progress = 每秒 { $rate } 步 · 损失 { $loss } · 还剩 { $left } 秒
cli-help-train-no-progress = 即使标准错误输出是终端，也不显示进度条。

#
#

## ---- issue 13 R: regression (new messages below this line) ----
preset-plane = 平面
preset-peaks = 峰谷
preset-plane-tip = 回归：一个倾斜的平面，值为 (x + y) / 10；噪声加在值上。
preset-peaks-tip = 回归：两个正的和两个负的高斯峰；噪声加在值上。
data-unknown-problem = 未知的问题类型“{ $name }”（应为 classification 或 regression）
session-values-count = 数据集有 { $points } 个点，却有 { $values } 个值
session-value-not-finite = 某个点的值不是有限的数
cli-problem-preset = --problem { $problem } 与 --preset { $preset } 不符；{ $problem } 的预设有：{ $presets }
cli-loss-regression = --loss { $loss } 无法训练回归网络：请用 --loss mse 或 sse
cli-help-train-problem = 问题类型：classification（分类）或 regression（回归）（默认取预设的类型；plane 和 peaks 是回归，CSV 文件是分类）。回归时 --label 列是数值目标。
edit-value-non-finite = 数据点的值必须是有限的数
refusal-bad-point-value = 无法修改第 { $index } 个数据点的值：一共只有 { $len } 个数据点。
data-problem = 问题：
data-problem-tip = 数据点的标签是什么：类别（网络给出各类别的概率）或数值（网络以一个线性单元结尾，学习这个值）。
data-problem-classification = 分类
data-problem-classification-tip = 数据点有类别；切换回来时恢复之前用的分类预设。
data-problem-regression = 回归
data-problem-regression-tip = 数据点有数值；生成 plane 预设，网络以一个线性单元结尾，按均方误差训练。
data-new-point-value = 新数据点的值
data-new-point-value-tip = 在画布上点击时新数据点得到的值。按住 Shift 点击一个数据点，把它的值设为这个值。
data-value-counts = { $count } 个数据点，其中 { $test } 个是测试点
data-value-counts-tip = 测试点（空心）从不参与训练；它们的 MSE 和 R² 显示网络的泛化能力。
canvas-hint-regression = 单击添加值为 { $value } 的数据点 · 按住 Shift 单击数据点把它设为这个值 · 拖动可移动 · 右键单击删除 · 滚轮缩放
canvas-colour-bar-tip = 数值的颜色刻度：大于 0 为橙色，0 为白色，小于 0 为蓝色；热图显示网络的预测，数据点显示它们的目标值。
gesture-shift-click = 按住 Shift 单击数据点
gesture-shift-click-does = 回归：把它的值设为新数据点的值
metrics-mse = MSE
metrics-mse-tip = 均方误差 Σ (值 − 预测)² / n，单位是数值本身单位的平方。
metrics-rmse = RMSE
metrics-rmse-tip = MSE 的平方根：典型的误差大小，单位与数值相同。
metrics-r2 = R²
metrics-r2-tip = 决定系数 1 − SS_res / SS_tot：1 表示完全拟合，0 表示不比预测平均值更好。
canvas-colour-bar = 颜色条

## ---- issue 13 gaps ----
diagram-predicted-value = 预测值
diagram-click-back-values = 点击返回预测值图
diagram-enter-back-values = 按 Enter 返回预测值图
inside-click-to-keep = 在结构图中单击它即可保留
inside-click-again-back = 在结构图中再点一次即可返回
inside-showing-values = 正在显示 { $name }：预测值（蓝 { $low } … 橙 { $high }）—— { $action }
explain-note-output-value = 输出：一个线性神经元，即网络单位下的预测值
explain-note-unstandardised = 目标自身单位下的预测值：网络学习的是标准化后的值，所以输出要换算回来（× { $std } + { $mean }）
explain-note-value-error = 误差 = y − out：目标值（网络所学的形式）减去预测输出
explain-note-mse-delta = 这个点的 MSE 梯度：2·(y − out) / n，n = 每步 { $batch } 个点（输出是线性的，没有斜率因子）
explain-note-sse-delta = 教程的 ½·Σ(y − out)²：delta 就是误差本身（输出是线性的）
explain-test-value-point = 测试点 #{ $index }（数值 { $value }），位于 ({ $x }, { $y })
explain-training-value-point = 训练点 #{ $index }（数值 { $value }），位于 ({ $x }, { $y })
explain-predicted-value = 预测值：{ $value }
explain-backward-title-value = 这个点的反向传播（目标值 { $value }）
explain-standardised-target = 网络学习的是标准化后的目标：y = (数值 − 均值) / 标准差 = { $y }
hidden-space-timeline = 时间线：第 { $step } 步的权重
hidden-space-timeline-tip = 时间线已拖回过去，所以这里是那个快照的隐藏空间。在时间线中按“实时”即可回到当前网络。
data-numeric-labels = 标签列是数字，且不同的值超过 { $max } 个：这是要预测的数值（回归），不是类别
cli-hint-problem-regression = （要把标签列当作数值来学习，请加上 --problem regression）
csv-imported-values = 已从 { $name } 导入 { $points } 个带数值的点（Ctrl+Z 可撤销）。
csv-value-column = 数值列
csv-value-column-tip = 每个点要预测的数值所在的列（一个数字；回归模式）。
csv-import-as-regression = 作为回归导入（预测这个数）
csv-import-as-regression-tip = 把标签列当作要预测的数字读入，并切换到回归：网络以一个线性神经元结束，学习这个数值。

## ---- issue 15 lesson ----
lesson-button = 课程
lesson-button-tip = 分八步讲解教程中的概念，直接在运行中的网络上操作（{ $key }）。离开时会记住你的进度。
lesson-heading = 课程
lesson-leave = 离开课程（{ $key }）
lesson-leave-tip = 回到演练场和它的侧边栏（按 { $key } 或“课程”按钮会在这一步重新打开课程）。
lesson-step-of = 第 { $n } 步，共 { $count } 步
lesson-jump = 转到某一步…
lesson-jump-tip = 直接跳到课程的任意一步。
lesson-step-item = { $n }. { $title }
lesson-previous = ◀ 上一步
lesson-previous-tip = 前一步。
lesson-next = 下一步 ▶
lesson-next-tip = 后一步。
lesson-reset = 重置这一步的示例
lesson-reset-tip = 把这一步的数据点和网络恢复成这一步开始时的样子（已完成的任务仍然算完成）。
lesson-tasks = 试一试：
lesson-task-done = 已完成。
lesson-task-open = 还没有完成：做到之后会自动打勾。
key-toggle-lesson = 打开或离开课程
lesson-neuron-title = 一个神经元
lesson-neuron-text = 神经元把每个输入乘以一个权重后相加，再和阈值 b 比较：s = w₁·x₁ + w₂·x₂ − b。正的权重使神经元兴奋，负的权重抑制它。s = 0 的地方是一条直线：在直线一侧，神经元的输出 σ(s) 大于 0.5，另一侧小于 0.5。拖动滑块，或者拖动画布上的手柄。
lesson-activations-title = 激活函数
lesson-activations-text = 加权和可以是任何数，激活函数把它压缩起来。sigmoid 给出 0 到 1，tanh 给出 −1 到 1，ReLU 把小于 0 的部分全部截掉。橙色标记是所选数据点处的加权和。曲线平坦的地方，加权和怎么变，输出都几乎不变。
lesson-layers-title = 层
lesson-layers-text = 教程中的网络：2 个输入，一个有 4 个神经元的隐藏层，1 个输出。输入层和输出层的大小由问题决定，隐藏层的大小由你来选。网络学到的是它的连接：图中的每一条线都是一个权重。每个隐藏神经元都画出自己的一张图，显示在网络图中。
lesson-forward-title = 前向传播
lesson-forward-text = 预测要一层接一层地经过网络：一行输入乘以权重矩阵，得到下一层的加权和，激活函数把它们变成这一层的输出，这些输出又是再下一层的输入。选一个数据点（在画布上点击它，或在下面选择），然后用“下一层”跟着它走。
lesson-backward-title = 损失和反向传播
lesson-backward-text = 输出错了多少就是损失；从输出往回走，每个权重都知道该往哪个方向移动才能让损失变小。
lesson-training-title = 训练
lesson-training-text = 训练就是把前向传播、损失和反向传播重复很多次，每次按学习率把权重推动一点。
lesson-prediction-title = 预测
lesson-prediction-text = 训练好以后，权重就固定下来，网络可以预测它从没见过的点：图片上的每一个像素都是一次预测。
lesson-features-title = 特征是学出来的
lesson-features-text = 在更深的网络中，第一层找出简单的形状，后面的层把它们组合成更复杂的形状，直到不同的类别分开。
cli-help-lesson = 在第 STEP 步打开课程（1-8；不写数字则为第 1 步）。
lesson-neuron-task-separate = 让神经元把两个点分开：类别 1 的点在输出大于 0.5 的一侧，类别 0 的点在小于 0.5 的一侧。
lesson-neuron-excites = 兴奋
lesson-neuron-inhibits = 抑制
lesson-neuron-no-effect = 没有作用
lesson-neuron-not-a-neuron = 网络已经不是单个神经元了：请重置这一步的示例。
lesson-neuron-w1 = w₁（x）
lesson-neuron-w2 = w₂（y）
lesson-neuron-b = b（阈值）
lesson-neuron-weight-tip = 这个输入的权重：正负号表示这个输入使神经元兴奋还是抑制它，大小表示作用有多强。
lesson-neuron-b-tip = 加权输入要与之比较的阈值：改变它会平移直线，但不会转动直线。
lesson-neuron-point = 点 { $n } 位于（{ $x }, { $y }），类别 { $class }：加权和 { $sum }，输出 { $out }
lesson-neuron-line-handle-tip = 拖动以平移直线 w·x = b（改变 b）。
lesson-neuron-arrow-handle-tip = 拖动以转动直线：箭头沿着 w 的方向，指向输出大于 0.5 的一侧。
lesson-activations-task-tanh = 把激活函数换成 tanh，看神经元的图怎样变化。
lesson-activations-task-flat = 把所选点处的加权和移到曲线平坦的部分（那里输出几乎不变）。
lesson-activations-choice-tip = 神经元的激活函数：画布上的图立刻改变，权重保持不变。
lesson-activations-at = 第 { $n } 个点（共 { $count } 个）：加权和 { $sum }，输出 { $out }
lesson-activations-other-point = 换一个点
lesson-activations-other-point-tip = 改为标出下一个点处的加权和。
lesson-activations-changed = 神经元的激活函数现在是 { $activation }（权重不变）。
lesson-activations-sum = 加权和
lesson-layers-task-add = 给隐藏层加一个神经元，看连接的数目怎样变化。
lesson-layers-shape = 各层大小：{ $shape }
lesson-layers-count = 连接（权重）：{ $formula }
lesson-layers-biases = 另外还有 { $biases } 个偏置，输入层之后每个神经元一个。
lesson-layers-add = + 隐藏神经元
lesson-layers-add-tip = 隐藏层多一个神经元（新的网络，新的权重）。
lesson-layers-remove = − 隐藏神经元
lesson-layers-remove-tip = 隐藏层少一个神经元（新的网络，新的权重）。
lesson-layers-changed = 网络现在是 { $network }。
lesson-forward-task-output = 让一个点一层一层地往前走，直到输出层。
lesson-forward-point = 点 { $n }：（{ $x }, { $y }），类别 { $class }
lesson-forward-point-tip = 要送进网络的点（也可以在画布上点击一个点）。
lesson-forward-matrix = { $name }：一个 { $rows }×{ $cols } 的矩阵（每个输入一行，每个神经元一列）
lesson-forward-result = 输出 { $value }：网络判断为类别 { $class }。
lesson-forward-next = 下一层 ▶
lesson-forward-next-tip = 计算下一层：乘以这一层的权重，再用它的激活函数。
lesson-forward-again = 重新开始
lesson-forward-again-tip = 回到输入层。

## ---- lesson: the user's work put aside ----
lesson-work-set-aside = 课程进行时，你的数据点和网络先放在一边；离开课程后会恢复。
lesson-work-set-aside-unsaved = 课程进行时，你的数据点和网络先放在一边（只在内存中：{ $detail }）；离开课程后会恢复。
lesson-work-back = 你自己的数据点和网络已恢复。
lesson-work-unreadable = 无法从 { $path } 读回课程开始前的工作：{ $detail }。文件保留在原处；可用“文件 ▸ 打开会话”打开它。


## ---- issue 15 lesson steps 5-8 ----
lesson-backward-task-walk = 用“下一步”走完整个反向传播
lesson-backward-task-apply = 执行这一步：权重的变化正好等于显示的 ΔW
lesson-backward-wait = 正在等待网络…
lesson-backward-next = 下一步
lesson-backward-next-tip = 显示反向传播的下一个量，从输出往回到输入
lesson-backward-apply = 执行这一步
lesson-backward-apply-tip = 训练一步：W₀ 和 W₁ 按这里算出的 ΔW₀ 和 ΔW₁ 改变（图中的连线随之改变）
lesson-backward-error = 误差（|E₂| 的平均值）：{ $error }
lesson-backward-shape = { $rows } × { $cols }
lesson-backward-e2 = E₂ = Y − L₂（每个输出错了多少）
lesson-backward-d2 = D₂ = E₂ * L₂(1 − L₂)（输出层的增量）
lesson-backward-w1 = ΔW₁ = lr · L₁^T D₂（加到 W₁ 上）
lesson-backward-e1 = E₁ = D₂ W₁^T，用更新后的 W₁
lesson-backward-d1 = D₁ = E₁ * L₁(1 − L₁)（隐藏层的增量）
lesson-backward-w0 = ΔW₀ = lr · L₀^T D₁（加到 W₀ 上）
lesson-backward-order-note = 教程用更新后的 W₁ 把误差传回去；教科书用这一步之前的 W₁。nnviz 两种顺序都能训练（训练 ▸ 更新顺序）。
lesson-training-task-run = 以学习率 0.01 训练教程的 10,000 步
lesson-training-run = 训练 { $steps } 步
lesson-training-run-plain = 训练
lesson-training-run-tip = 开始训练（相当于播放栏的播放按钮）
lesson-training-pause = 暂停
lesson-training-pause-tip = 停止训练；权重保持不变
lesson-training-rate = 学习率
lesson-training-rate-tip = 每一步把权重移动多远（播放栏的学习率）；太高时损失会跳动而不是下降
lesson-training-printout = 教程的输出（每 100 步一行，和 nnviz train 打印的一样）：
lesson-prediction-task-export = 导出图片
lesson-prediction-trained = 已训练 { $step } / { $total } 步
lesson-prediction-accuracy = 分类正确的训练点：{ $percent } %
lesson-prediction-export = 导出图片…
lesson-prediction-export-tip = 把分类图保存为 { $size } × { $size } 的 PNG，和教程画的一样
lesson-features-task-space = 打开隐藏空间（视图 ▸ 隐藏空间，或按 H）
lesson-features-task-accuracy = 训练到测试准确率达到 90 %
lesson-features-progress = 第 { $step } 步：测试准确率 { $percent } %
lesson-features-look = 在网络图中比较第一层的图（直的边界）和最后一层的图（弯曲的、像螺旋的边界）。
lesson-training-task-diverge = 调高学习率直到训练失败（误差上升或停在 0.5 附近），然后恢复：学习率不超过 1，权重卡住时换新权重，误差重新下降
lesson-training-broke = 训练失败了：步子太大，损失不降反升。把学习率降到 { $rate } 或更低；饱和的神经元会一直卡住，所以给网络换新权重。
lesson-training-reset = 新权重
lesson-training-reset-tip = 重新随机生成权重，损失曲线从头开始（即控制栏的“重置”）

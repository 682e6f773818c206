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

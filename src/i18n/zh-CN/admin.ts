// admin strings (zh-CN). Keys are used as "admin.<key>".
export default {
  "nav.label": "设置",
  "nav.style": "风格管理",
  "nav.embed": "插入代码",
  "embed.title": "插入代码",
  "embed.intro": "将以下代码复制并粘贴到您网站每个页面的 </body> 标签之前，页面右下角即会出现客服按钮。",
  "embed.site_key": "站点密钥",
  "embed.copy": "复制代码",
  "embed.copied": "已复制",
} satisfies Record<string, string>;

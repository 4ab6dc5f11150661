// Concepts (义类): groups of words that are not the same word but speak of the same thing — the
// members of a family (银联卡, 信用卡, 支付宝 are all ways to pay), near-synonyms a firm's visitors use
// for one another (忘记/想不起来, 离线/没网/没信号), and the everyday English word for each (refund,
// overseas, invoice), the way a thesaurus such as 同义词词林 groups words under one heading. Unlike
// synonyms (synonyms.ts), a concept replaces nothing: the tokenizer adds a concept term beside a word
// of the group, on entries and visitor text alike, so a visitor's word finds an entry written with
// another word of its group as weaker evidence than the word itself (confidence.ts KIND_WEIGHT).
//
// Kept to everyday shop, service, travel and software vocabulary, each group what a dictionary
// would list under its heading; words that mean different things in different trades are left out.
// A word may sit in more than one group. Each line: the heading, then the words, separated by "|";
// the heading is a word of the group too. A heading followed by ":" instead names a family whose
// words are kinds of it (付款方式: 支付宝, 银联卡, apple pay; 快递: 顺丰, 中通): an entry with the heading
// as a keyword speaks of the whole family, so a visitor's member of it is a stronger hit there
// (confidence.ts NEAR_HIT) than at an entry about another member (CONCEPT_HIT); in the other groups,
// near-synonyms, every word names what the others name. Words are read like any text (folded, built-in synonyms
// applied, stopwords dropped): a word whose content changes on the way is skipped.

export const BUILT_IN_CONCEPTS: string[] = [
  // paying
  "付款方式:支付手段|支付宝|微信支付|微信|银行卡|信用卡|花呗|云闪付|apple pay|paypal|visa|现金|刷卡|扫码支付|数字人民币|对公转账|转账|苹果支付|applepay|google pay|数字钱包|贝宝|网银|网上银行|京东支付|先用后付|银联|visa卡|jcb|美国运通|mastercard|行动支付|移动支付|街口支付|line pay|八达通|payme|转数快|master|amex|外卡|国际信用卡|境外信用卡|海外信用卡|公司账号打钱|公司账号付款|公司账号转账|对公账号|公户|公账",
  "付款|支付|结账|买单|结算|pay|payment|checkout|扣款|扣钱|扣费|结帐|付账|收款|扣了钱|钱扣了|paid|billing|bill|charged|钱少了|钱被扣了|被扣钱|扣了款|少了钱",
  "分期|分期付款|分期还|月供|免息|installment|instalment|先用后付|分24期|分12期|分3期|免息分期|信用卡分期",
  "价格|费用|收费|价钱|要多少钱|多少钱|年费|月费|服务费|手续费|会费|price|cost|fee|charge|费|钱|pricing|prices|expensive|quote|rate|rates",
  "优惠|折扣|打折|便宜|减价|立减|特价|促销|活动价|discount|deal|cheaper|sale|offer|promotion|砍价|讲价|议价|还价|秒杀|大促|双十一|618|黑五|black friday|清仓|特惠|折扣价|优惠价|几折",
  "优惠券|券|红包|满减|代金券|coupon|voucher|promo|满减券|满折|凑单|店铺券|平台券|津贴|购物金|抵扣券",
  "到账|入账|到卡|钱到了|收到退款|回到卡",
  "无理由|七天无理由|不喜欢|不合心意|后悔|反悔|改变主意|changed my mind|change of mind|no reason",
  "退差价|价保|补差价|补给我|补回差价|退我差价|差价|price protection|price match",
  "退款|退钱|钱退|退还|返还|退费|refund|money back|reimbursement|原路退回|原路返回|退我钱|拿回钱|钱能退|refundable|chargeback|full refund|partial refund|reimbursed|钱还没退|还没退钱|钱没退|没退钱|钱还没到",
  "发票|开票|专票|普票|增值税|税号|抬头|收据|invoice|receipt|vat|fapiao|电子发票|纸质发票|税票|统一编号|统编|纳税人识别号|开发票|tax invoice|电子票|载具|统一发票|电子发票载具|billing statement|tax receipt|报销凭证|报账凭证|报销单据|票据|公司名字|公司名称|单位名称|公司抬头|单位抬头",
  "承担|谁出|谁付|谁承担|掏|掏钱|自掏腰包|自费|自理|买家承担|卖家承担|who pays|bear the cost",
  "报销|公司报销|报账|reimburse|expense",
  "余额|额度|限额|balance|limit|储值|充值|钱包",
  // delivery
  "快递:快递公司|物流公司|顺丰|中通|圆通|韵达|申通|邮政|ems|京东快递|极兔|德邦|courier|carrier|百世|天天快递|优速|跨越速运|dhl|fedex|ups|联邦快递|顺丰速运|邮政快递|同城配送|闪送|跑腿",
  "发货|寄|寄出|邮寄|寄送|发出|出库|送出|ship|shipping|dispatch|send|post|mail|没动静|没有动静|一点动静",
  "送达|送到|到货|签收|收货|收件|派送|配送|deliver|delivery|arrive|arrival|receive|派件|送货|送货上门|上门|取件|取货|自提|到了没|收到货|拿到货|几天到|多久到|多快到",
  "物流|快递单号|物流信息|追踪|跟踪|查件|track|tracking|tracking number|parcel|package|查快递|查物流|快递进度|物流进度|trace",
  "运费|邮费|包邮|快递费|shipping fee|shipping cost|postage|free shipping",
  "地址|收货地址|收件地址|收件人|门牌号|address|recipient|收货人|收件信息|地址信息|住址|送货地址|寄送地址|详细地址|邮编|zip code|postcode",
  "海外:国外|境外|国际|外国|出国|日本|美国|英国|法国|德国|加拿大|澳洲|澳大利亚|新西兰|新加坡|马来西亚|韩国|泰国|欧洲|非洲|东南亚|中东|南美|北美|美洲|亚洲|大洋洲|越南|印度|印尼|巴厘岛|菲律宾|柬埔寨|老挝|缅甸|土耳其|埃及|南非|肯尼亚|坦桑尼亚|摩洛哥|迪拜|阿联酋|俄罗斯|意大利|西班牙|瑞士|希腊|冰岛|荷兰|葡萄牙|奥地利|北欧|马尔代夫|斯里兰卡|尼泊尔|巴西|阿根廷|墨西哥|申根|overseas|abroad|international|foreign|canada|america|usa|japan|australia|singapore|korea|thailand|europe|uk|england|france|germany|new zealand",
  "国内:境内|大陆|内地|云南|四川|北京|上海|广州|深圳|杭州|成都|西安|桂林|丽江|大理|三亚|厦门|青岛|哈尔滨|张家界|九寨沟|黄山|重庆|贵州|广西|江浙沪|domestic",
  "港澳台:香港|澳门|台湾|港澳",
  "偏远地区:偏远|新疆|西藏|青海|内蒙古|宁夏|甘肃|海南|remote area|乌鲁木齐|拉萨|西宁|呼和浩特|喀什|伊犁|林芝|日喀则|阿里|格尔木|包头|鄂尔多斯|海拉尔|阿勒泰|克拉玛依|库尔勒|石河子|哈密|吐鲁番|和田|阿克苏|那曲|昌都|玉树|果洛|银川|兰州|敦煌|三亚|海口",
  "丢件|丢失|丢了|弄丢|找不到|不见了|没收到|lost|missing|丢包|包裹丢了|快递丢了|丢快递|被冒领|冒领|被人拿走|别人签收|代签|啥也没有|什么也没有|什么都没有|啥都没有|没看到|没看见",
  // orders and after-sales
  "订单|单子|订单号|订单信息|我的订单|订单详情|order number",
  "取消|不买了|作废|撤单|cancel|cancellation|cancelled|canceled|terminate|call off",
  "下单|购买|买|订购|拍下|选购|order|buy|purchase",
  "修改|改|更改|换成|改成|change|modify|edit|update|correct",
  "填错|写错|拍错|选错|下错|搞错|弄错|错了|wrong|mistake|typo",
  "退货|退|退回|寄回|退掉|return",
  "换货|换|调换|换一件|exchange|swap|replace",
  "流程|步骤|操作|手续|申请|入口|process|procedure|step|apply",
  "质量问题:瑕疵|破损|开线|脱线|有洞|破洞|起球|掉色|褪色|污渍|次品|残次|坏|坏了|裂|defect|defective|broken|damaged|faulty|脱胶|开胶|掉漆|划痕|刮花|线头|起毛|发霉|异味|有味道|变色|开裂|裂开|断裂|做工差|劣质|线开|线头开|缝线|针脚|缝得烂|很烂|太烂|好烂",
  "尺码|码|尺寸|大小|号|码数|偏大|偏小|紧|松|size|fit|small|large|短了|长了|短了一截|长了一截|太长|太短|挤脚|夹脚|不合身|s|m|l|xl|xxl|xs",
  "身高体重|身高|体重|多高|多重|斤|公斤|cm|height|weight|腰围|胸围|臀围|肩宽|三围|身材|胖|瘦|微胖|一米五|一米六|一米七|一米八|一米九|米五|米六|米七|米八|一百斤|一百二十斤|一百多斤",
  "面料:材质|材料|成分|纯棉|全棉|棉|涤纶|羊毛|羊绒|真丝|亚麻|雪纺|牛仔布|material|fabric|cotton|wool|silk|polyester|布料|棉麻|聚酯纤维|氨纶|莫代尔|天丝|真皮|皮革|针织|透气",
  "洗涤|洗|机洗|手洗|干洗|水洗|洗衣机|熨烫|wash|washing|laundry|dry clean|烘干|漂白|清洗|洗护|晾晒|熨",
  "缩水|缩|变小|变形|shrink|缩小|变短|缩了",
  "缺货|补货|到货|没货|断货|售罄|上新|库存|stock|restock|sold out|out of stock|back in stock|有货|现货|上架|断码|缺码|到货通知|补货提醒",
  "保修|保固|质保|三包|保修期|质保期|延保|warranty|guarantee",
  "维修|修理|返修|送修|修好|维修点|售后维修|换新|repair|fix",
  "正品|真货|假货|官方|授权|原装|行货|专柜|仿品|genuine|authentic|original|fake|counterfeit|假一赔十|鉴定|防伪|防伪码|验真|授权书|水货|a货|精仿",
  "实体店|门店|线下|店面|专卖店|柜台|试穿|门市|store|shop|showroom|offline|实物|看实物|到店|店里看|去店里",
  "线上|网上|在线|网店|网购|online",
  "联系方式|联系|联络|热线|专线|contact|hotline",
  "营业时间|上班|下班|几点|在线时间|工作时间|周末|节假日|人工|值班|opening hours|business hours|working hours|七点|八点|九点|十点|十一点|十二点|半夜|深夜|凌晨|夜里|夜间|通宵|全天|没人回|有人回|没人回复|有人回复",
  "会员:vip|会员卡|等级|权益|特权|黑卡|金卡|银卡|member|membership|loyalty|plus会员|88vip|超级会员|会员费|会员日|成长值|会员价|会员折扣",
  "积分|点数|抵现|积分兑换|积分抵扣|point|points|reward points|积分商城|积分清零|金币|京豆|淘金币|里程|抵多少钱|抵钱|当钱用|当钱花|抵现金|折现|攒的分|攒分|积的分|攒的积分|攒积分",
  "礼品包装|礼物|礼品|送人|贺卡|包装|礼盒|生日礼物|gift|wrap|wrapping|gift box|送礼|礼物袋|礼品袋|手提袋|包装盒|丝带|祝福卡|留言卡|包起来|包装一下|帮忙包|送女朋友|送男朋友|送老婆|送老公|卡片|小卡片|写几句话|写几句",
  "批发|团购|大批|采购|批量|量大|企业采购|定制|工作服|工服|bulk|wholesale|corporate|大客户|集采|大宗|公司采购|单位采购|员工福利|公司买|单位买|企业买|公司订|公司购买|批量买|大量购买|买很多|一百件|几百件|上百件|几十件|上千件|一千件|公司要定|公司要订|公司定|单位定|单位订|订一批|定一批|文化衫|班服|队服|广告衫",
  "手机号|手机号码|电话|号码|绑定|换绑|phone|phone number|mobile number",
  "预售|预订|预购|定金|尾款|pre-order|preorder|presale",
  "质量|品质|做工|quality",
  // everyday things visitors name: known words, so what is left unknown is what the firm never speaks of
  "颜色:色|色差|褪色|黑色|白色|红色|蓝色|灰色|颜色不对|color|colour",
  "款式|样式|款|版型|设计|图案|style|design",
  "商品|东西|货|宝贝|产品|物品|货品|item|product|goods",
  "衣服:服装|上衣|裤子|外套|大衣|裙子|连衣裙|衬衫|t恤|毛衣|羽绒服|卫衣|鞋子|鞋|袜子|内衣|帽子|clothes|shirt|dress|pants|jacket|shoes|袖子|袖口|领子|领口|衣领|拉链|扣子|纽扣|裤腿|裤脚|下摆|口袋",
  "杯子|碗|锅|盘子|水杯|保温杯|cup|mug",
  "家人:朋友|父母|爸妈|爸爸|妈妈|老公|老婆|女朋友|男朋友|同学|family|friend|parents|爷爷|奶奶|外公|外婆|儿子|女儿|一家人|家里人",
  "网站|网页|官网|页面|浏览器|链接|website|page|browser|link",
  "电脑|笔记本|台式机|computer|laptop|pc",
  "周末|节假日|假期|法定节假日|周六|周日|星期天|holiday|weekend|国庆|国庆节|五一|劳动节|春节|过年|暑假|寒假|中秋|端午|元旦|圣诞|清明|黄金周|小长假",
  "几天|多少天|几个小时|几小时|工作日|天数|days|hours|business days",
  "邮箱|电子邮件|邮件|email|mail|e-mail|信箱|电邮|电子信箱",
  "短信|验证短信|text message|sms",
  "微信群|群|群聊|group chat",
  "出差|旅行|旅游|出去玩|度假|出行|旅途|途中|出游|游玩|旅程|trip|travel|vacation",
  "线路|行程|路线|团|行程单|route|itinerary|tour",
  "景区:景点|公园|博物馆|古镇|scenic spot|sight",
  "目的地|当地|那边|国家|城市|destination|local|city|country",
  // accounts and software
  "账号|用户名|id|account|username|帐号名|登录名|登录账号|用户账号|会员号",
  "登录|登不上|登不进|上不去|进不去|登入|login|logon|进不了|无法登录|登录失败|登不了|上不了|掉线|扫码登录|signin",
  "密码|口令|password|passcode|pin|登录密码|密码错误|密码不对|输错密码|初始密码|credentials",
  "忘记|忘了|想不起来|记不得|记不住|不记得|forgot|forget|forgotten|忘掉|想不起|搞忘|记不清|忘光",
  "重置|找回|重设|reset|recover|重新设置|重新设定",
  "验证|认证|验证码|安全验证|身份验证|两步验证|authenticator|verification|verify|authentication|otp|验证器|身份验证器|谷歌验证器|动态令牌|令牌|google authenticator|短信验证",
  "单点登录:ldap|ad域|域账号|saml|统一认证|统一登录|okta|azure ad|single sign-on|sso|oauth|openid|onelogin|entra id|google workspace",
  "注销|删除账号|销户|删号|delete account|close account|deactivate",
  "套餐:版本|方案|计划|版|专业版|企业版|免费版|基础版|标准版|旗舰版|个人版|团队版|商业版|社区版|plan|edition|tier|version|package|价目表|收费方案|订阅方案|会员套餐",
  "计费周期:年付|月付|季付|包年|包月|按年|按月|年费|月费|annual|monthly|yearly",
  "区别|差别|差异|不同|对比|difference|compare|comparison|versus",
  "升级|开通|购买|买|订阅|付费|升到|upgrade|subscribe|换个高级|换高级|换更高级|高级点|升一档|升个级|换个贵的",
  "降级|退订|取消订阅|不续费|不续了|downgrade|unsubscribe|停止续费|不再续费|关闭续费|关掉续费|取消续费|关闭自动续费|不想续了|不想续|不打算续|不准备续|不再续|不想再续",
  "续费|自动续费|续订|扣费|自动扣款|续期|renew|renewal|auto-renewal|auto renew|自动扣钱|每年自动扣|每月自动扣|自动扣",
  "试用|体验|试一试|试试|试用期|trial|try|demo|体验版|试用版|免费体验|先体验|试用账号|免费试|free trial|trial period|evaluation|test drive|trial version",
  "成员|同事|队友|员工|人|用户|新人|外部|访客|member|user|teammate|colleague|staff|people|guest|teammates|coworker|coworkers|实习生|新员工|临时工|兼职|外包|外部人员|合作方|供应商",
  "团队|公司|组织|企业|部门|team|organization|organisation|company|workspace",
  "邀请|拉人|添加|加人|拉进|加入|invite|invitation|join",
  "席位|名额|账号数|人数|人数上限|位置|人满|满员|名额满|超员|加账号|增加账号|seat|seats|license|licence|坐席|座席|用户数|成员数|人数限制|授权数|账号数量|seat limit|user limit|more seats|add users|名额不够|人不够用|加人|多加人|加几个人|多加几个人|再加人|扩容|加位置|加名额",
  "权限|角色|管理员|只读|编辑|查看|可编辑|所有者|permission|role|admin|access|read-only",
  "导出|下载|备份|另存|export|download|backup|导成|另存为|导出来|拷出来|转出|汇出|extract|dump|save as",
  "导入|迁移|搬家|搬过来|搬到|转移|import|migrate|migration|导进来|导进|搬迁|迁入|迁过来|转过来|换过来|汇入",
  "表格:excel|csv|电子表格|xlsx|spreadsheet|xls",
  "数据安全|安全|泄露|加密|隐私|保密|等保|合规|等保认证|等级保护|等保测评|安全认证|合规认证|iso27001|soc2|gdpr|信息安全|security|secure|privacy|encryption|leak|compliance|安全性|被盗|黑客|防泄漏|数据泄露|保密性",
  "服务器|机房|云|数据中心|阿里云|腾讯云|server|cloud|data center|hosting|存放|存在哪|存哪|存储位置|aws|亚马逊云|华为云|数据存放|国内服务器|海外服务器",
  "私有化部署|部署|私有化|本地|内网|安装|自建|自有服务器|本地服务器|私有云|装在|装到|deploy|install|on-premise|self-host|self-hosted",
  "接口|api|开发|sdk|webhook|回调|开发者|文档|developer|integration|callback",
  "集成:对接|打通|连接|钉钉|企业微信|飞书|slack|integrate|connect|接入|插件|第三方|第三方应用|zapier",
  "客户端:app|手机|安卓|ios|苹果|客户端|桌面版|电脑版|mac|windows|移动端|mobile|desktop|android|iphone|手机端|电脑端|pc端|平板|小程序|鸿蒙|华为手机|小米手机|ipad|网页版|行动装置|移动设备|行动版|应用程序",
  "离线|断网|没网|没信号|无网络|飞行模式|offline|no internet|无网|断线|网不好|网络不好|网络差|不联网|联不上网|连不上网|没有网络|信号不好|信号差|信号弱|没有信号|网速慢|网很慢|网太慢|弱网|高铁上|飞机上|地铁上|地铁里",
  "存储空间|空间|容量|附件|文件大小|存储|storage|space|capacity|attachment|gb|大文件|文件太大|空间不够|空间满|空间满了",
  "上传|传文件|upload",
  "通知|提醒|推送|消息|弹窗|弹|打扰|轰炸|notification|alert|reminder|push|免打扰|勿扰|静音|红点|邮件提醒|消息提醒|烦死|太烦|好烦|烦人|骚扰|刷屏|邮件太多|消息太多|太多邮件|太多消息",
  "恢复|找回|还原|误删|撤销|回收站|删了|restore|recover|undo|trash|删错|不小心删|误操作|找不回|找得回|找得回来|还原回来|恢复回来",
  "语言:英文|中文|繁体|简体|日文|界面语言|language|english|chinese|日语|韩语|韩文|多语言|国际化|切换语言|外语",
  "技术支持|工单|响应|处理|客服|售后服务|support|ticket|sla|helpdesk|工程师|远程协助|售后支持|技术人员|技术问题|有人管|没人管|出问题|找谁处理|专人|专人对接|专属经理|客户经理|客户成功经理|对接人|多久有人回",
  "故障:宕机|打不开|报错|出错|bug|异常|卡顿|加载|崩|down|outage|error|crash|not working|闪退|卡死|卡住|加载慢|很卡|连不上|服务异常|挂掉|502|404|服务器错误|downtime|broken|crashing|unavailable",
  "甘特图|时间线|排期|进度|里程碑|gantt|timeline|schedule|roadmap|时间轴|进度图|项目进度",
  "任务|项目|看板|待办|task|project|board|todo",
  // travel
  "报名|预订|参加|订|报|参团|报团|book|booking|reserve|reservation|join|占位|留位|订位|跟团|跟团游|旅行团|约团",
  "定金|订金|预付|首付|押金|先付|先交|预交|预付款|deposit|down payment|prepay|prepayment|advance payment",
  "违约金|扣多少|损失费|罚金|违约|退团费|取消费|cancellation fee|penalty",
  "改期|改日期|换时间|延期|推迟|换日期|换团期|下一期|改签|reschedule|postpone|change date|rebook|delay|挪到|挪个时间|挪一挪|往后调|调到|改到|换到|换一期|换个团期|晚一周|晚两周|晚几天|晚点出发|晚点走|推后|推一推|换到下个月|换到下一期|推到下个月|换到下周|改到下个月|晚一个礼拜|晚一个星期|晚一礼拜|推一周|推一个礼拜|早一个礼拜|早几天走",
  "成团|人数|人不够|凑不齐|满员|最少|minimum|group size|人太少|人少|凑够|开团|发团|成行|不成团|几个人报名|几人报名|人很少|没几个人|人数少|人数太少|人没凑齐|凑不够",
  "包含|包括|含|包|include|included|including|算在|在内|包在|含不含",
  "门票|景点|票|ticket|admission|attraction|景点门票|入园|门票钱|入场券",
  "购物店|购物|买东西|购物点|玉石店|强制消费|进店|shopping|纯玩|纯玩团|无购物|零购物|不进店|购物团|特产店|乳胶店|珠宝店|逼着消费|逼着买|强迫消费|强迫购物|逼买|硬拉|玉石|翡翠|拉去买|带去买|拉去购物|带去购物|拉去店里|进店买",
  "酒店|住宿|住|房间|宾馆|民宿|床|星级|几星|hotel|room|accommodation|stay|饭店|客栈|度假村|住的地方|五星|四星|标间|标准间|双人间|大床房|入住|退房|订房|房型|hostel|lodging|inn|resort|motel|airbnb|guesthouse",
  "单房差|一个人|单人|独自|单独|拼房|solo|alone|single|单人间|单间|拼住|同住|一人出行|一个人住|一人一间|没人跟我住|没人住|跟别人住|和别人住|跟人住|住一间|住一起|同屋|室友|合住|同房|陌生人|睡一间|睡一起|不认识的人|跟陌生人",
  "儿童:小孩|孩子|宝宝|婴儿|小朋友|儿童价|kid|kids|child|children|baby|infant|儿子|女儿|未成年|未成年人|幼儿|toddler|teen|teenager|minor|son|daughter|娃|娃娃|小娃|娃儿|孩儿|崽|小崽|闺女|小子",
  "老人|老年人|年纪|岁数|高龄|长辈|elderly|senior|old|爷爷|奶奶|外公|外婆|姥姥|姥爷|老爷子|老太太|退休|高龄老人|grandparents|grandma|grandpa|retiree|retired|aged|我爸|我妈|老爸|老妈|岁了",
  "导游|领队|向导|讲解|guide|tour guide|tour leader|地陪|全陪|司机|陪同|guided|escort|有人带|带队|带团|有人领",
  "餐食:吃饭|早餐|午餐|晚餐|正餐|团餐|吃素|素食|清真|吃|饭|餐|meal|meals|food|breakfast|lunch|dinner|vegetarian|用餐|伙食|饮食|自助餐|餐标|含早|包早|忌口|几菜一汤|vegan|halal|allergy|dietary|几顿|一顿|顿饭|三顿|管几顿",
  "自由活动|自由行|自己逛|逛逛|逛|随便玩|自由时间|free time|逛街|自己玩|不跟团|自己安排|自己去逛",
  "代办|帮忙办|帮我办|帮办|代为办理|代理办理|帮忙办理|帮着办",
  "签证|出签|拒签|办签|签注|visa|送签|面签|落地签|电子签|免签|签证材料|签证费|入境|申根签|美签|日签|韩签|欧签|英签|澳签|泰签|旅游签|商务签|团签|办签证|签证办理|下签|签下来|能下来",
  "护照|证件|通行证|passport|身份证|台胞证|回乡证|护照过期|有效期",
  "保险|意外险|旅游险|医疗险|境外险|理赔|保额|保单|insurance|claim|insured|投保|旅行险|保障|保险公司|航意险|航空意外险|旅平险|不便险|旅游不便险|旅行平安险|coverage|insurer|travel insurance|policy",
  "受伤|摔伤|摔|生病|医院|看病|就医|医药费|病历|骨折|injury|injured|sick|hospital|medical|出事|扭伤|崴脚|急诊|拉肚子|发烧|水土不服|中暑|磕伤",
  "机票|航班|飞机|航空|经济舱|flight|airfare|plane|airline|直飞|转机|中转|商务舱|头等舱|起飞|降落|登机|值机|往返机票|airport|boarding|layover|connecting flight|economy|business class|flights",
  "行李|托运|箱子|行李额|随身|luggage|baggage|suitcase|超重|背包|免费托运|登机箱|手提行李|bag|bags|carry-on|checked bag|kg",
  "集合|集合地点|碰头|见面|上车|接人|meeting point|meet|接送|接机|送机|上车点|碰面|会合|汇合|集合时间|出团通知|pickup|pick up|gathering|meeting place",
  "天气:气温|冷|热|下雨|衣服|weather|temperature|clothes|pack|雨季|旱季|防晒|雨伞|几度|温差|穿什么|带什么",
  "定制|私家团|包团|单独成团|团建|custom|private tour|tailor-made|私人定制|量身定制|专属|小团|独立成团|公司出游|公司旅游|公司出去玩|单位旅游|单位出游|员工旅游|集体出游|组团|单独出去玩|单独出游|单独去玩|自己组团|年会旅游|奖励旅游",
  "合同|协议|签字|contract|agreement|协议书|纸质合同|电子合同|旅游合同",
  "投诉|不满意|差评|态度差|举报|维权|complain|complaint|被坑|宰客|被宰|坑人|太坑|不满|消协|态度太差|态度不好|态度很差|态度恶劣|服务太差|服务很差|服务差|反映|差劲|太差劲|说理|找谁说理|讨说法|要说法|讨个说法",
  "疫苗|打针|预防针|接种|vaccine|vaccination|shot|黄热病|小黄本|黄皮书|疟疾|健康证明|体检",
  "外币|换汇|现金|汇率|当地货币|换钱|currency|cash|exchange rate|兑换|取现|取钱|atm|外汇|刷卡|人民币|台币|新台币|澳币|泰币|卢比|日币|当地钱|当地的钱|换点钱|换些钱|换一点钱|外国钱|当地现金",
  "上网:流量|电话卡|sim卡|wifi|漫游|信号|roaming|internet|data|sim|esim|手机卡|上网卡|流量包|国际漫游|4g|5g|网卡|上网吃到饱|吃到饱|办张卡|办卡|买张卡|办个卡|买个卡|手机还能用|手机能用",
  "早鸟|提前报名|早订|提早|early bird|提前订|提前预订|早报名|提前买|早鸟价|早点订|早点报名|早点报|早订|提前一个月|提前两个月|提前三个月|提前几个月|提前半年",
  "项目管理工具:jira|trello|asana|notion|teambition|tapd|worktile|clickup|禅道|pingcode|wrike|basecamp|monday|飞书项目|tower",
];

export interface ConceptNode {
  next: Map<string, ConceptNode>;
  /** the concepts a word ending here belongs to */
  concepts?: number[];
}

/**
 * A trie of the concepts' words, each spelled in content units (a Chinese character, an English
 * word) as `read` gives them; a word whose units are not the word itself (a stopword dropped, a
 * synonym replacing part of it) is left out. `heads` holds each family's heading (a line whose heading ends
 * with ":") as its units joined by spaces: the word for the family as a whole (付款方式, 快递, 海外).
 */
export function compileConcepts(lines: string[], read: (word: string) => string[] | null): { root: ConceptNode; size: number; heads: string[] } {
  const root: ConceptNode = { next: new Map() };
  let size = 0;
  const heads: string[] = [];
  lines.forEach((line, concept) => {
    const family = /^[^|]*:/.test(line);
    for (const word of line.split(/[|:]/)) {
      const units = read(word);
      if (!units || units.length === 0) continue;
      if (family) heads[concept] ??= units.join(" ");
      let node = root;
      for (const u of units) {
        let n = node.next.get(u);
        if (!n) node.next.set(u, (n = { next: new Map() }));
        node = n;
      }
      node.concepts ??= [];
      if (!node.concepts.includes(concept)) {
        node.concepts.push(concept);
        size++;
      }
    }
  });
  return { root, size, heads };
}

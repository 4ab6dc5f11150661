// Synonyms (同义词): words that mean the same to a firm's visitors, folded to one word before
// matching, on entries and visitor text alike (tokenize.ts). The built-in list below covers everyday
// shop and service vocabulary — variants (帐户/账号), colloquial words (退钱 for 退款), abbreviations and
// brand shorthand (sf → 顺丰, 2fa → 两步验证, vip → 会员, pro版 → 专业版), and regional and
// traditional-script words that character conversion misses (軟體 becomes 软体, not 软件). Kept to words
// that mean the same in any firm, so the firm's own keywords still decide the topics; a firm adds
// its own words (Admin → Robot → Synonyms) on top.
//
// Each line: the word everything is read as, then the words read as it, separated by "|". A line of
// one word guards it: "支付宝" stays 支付宝 instead of 付款宝. Matching is longest first; a Latin
// equivalent ("sf", "pro") is replaced only as a whole word.

export const BUILT_IN_SYNONYMS: string[] = [
  // accounts and sign-in
  "账号|帐号|帐户|账户|户口|帐号名",
  "到账|到帐",
  "订单|定单|订单号码",
  "手机号|手机号码|手机号碼|电话号|手机电话",
  "电话|电话号码|联系电话",
  "什么时候|啥时候|什么时间|几时|何时|哪天",
  "失败|不成功|没成功|不了款",
  "删除|删掉|删",
  "没收到|收不到|没有收到|没拿到",
  "坏了|坏掉|损坏",
  "登录|登入|登陆|login|登进去|登上去",
  "扫码登录|扫码登陆|扫码登入|扫一扫登录|扫一下登录|扫一扫就登录|扫一下就登录|扫一下就登进去|扫一下登进去|扫码登进去|扫一扫登进去|扫码就登录|扫码就能登录|扫个码登录|扫个码就登录|扫一下就能登|扫一下就进去|扫一扫就进去|扫码就进去|扫码进去|扫一下进去|扫一扫进去",
  "退出登录|登出",
  "密码|密碼|pw|pwd|mima",
  "注册|註冊",
  "注销|删号|销号|销户|销掉|把号销了|号销了|销了号",
  "两步验证|2fa|mfa|二次验证|二步验证|双重验证|双因素认证|双因子认证|两步认证|二阶段验证|多一层保护|加一层保护|多加一层保护|多一层验证|多一道验证|双重保护|二次确认|双重认证|再加个验证码|多一个验证码|加个验证码|多个验证码|再要一个验证码",
  "单点登录|sso|统一登录|单一登录",
  "域账号|域帐号|ad域|ad域账号|ad域帐号|ad 域|ad 域账号|active directory|windows域|域用户",
  "换绑手机号|换绑手机|换手机号|更换手机号|改手机号|修改手机号|换号码|改绑|手机号换了|手机号改了|换了手机号|手机号不用了|号码不用了|手机号停机|号码停机了|换个新号|换一个新号|换新号|号码已经停用|号码停用了|号码停用|手机号停用了|手机号停用|号码已停用",
  "验证码|校验码|动态码|otp|认证码|短信码|动态密码|一次性密码|手机验证码|短信验证码",
  "forgot|forgotten|cant remember|can't remember|cannot remember|can not remember|don't remember|dont remember|couldn't remember|couldnt remember|can't recall|cant recall|don't recall|lost my",
  // money and payment
  "付款|付钱|给钱|交钱|打款|支付|付费|付账|付帐|结帐|俾钱|畀钱|打钱|转钱|汇钱",
  "支付宝|alipay|zfb",
  "微信支付|微信付款|微信付|wechat pay|wechatpay|wxpay|wx支付|vx支付|微信钱包|微信转账|wx付|vx付|wx付款|vx付款|微信付钱",
  "付款失败|付不了款|付不了|支付不了|付款不了|付不出去|无法付款|无法支付|没法付款|付款不成功|支付不成功|支付失败",
  "付款方式|支付方式|付款渠道|支付渠道",
  "银行卡|银联卡|储蓄卡|借记卡|银联|金融卡|提款卡",
  "信用卡|mastercard|master卡|万事达|运通卡|美国运通|visa卡|信用咭|jcb卡|美国运通卡",
  "花呗|huabei|蚂蚁花呗",
  "分期|分几期|分期付|分几个月|分月付|分三个月|分两个月|分六个月|分十二个月|分3个月|分6个月|分12个月|分24个月|分三期|分六期|分十二期|分期还|分开付|分几次付|分批付|分次付|分月还|分几个月还|按月还|按月付|每月还|每个月还|按月分期",
  "货到付款|到付|cod|货到再付|收货后付款|收到货再付|收到货再付款|收货付款|送货付款|到了再付|到货再付|到了再给钱|到了付钱|送到再付|送到付款|收到再付|到手再付|见货付款|验货付款|验货后付款|签收后付款|当面付款|货到付|货到给钱|快递到了再给钱|快递到了再付|到了我再给钱|到了我再付|给快递员现金|现金给快递员|给快递员钱|付给快递员|快递员收钱",
  "对公转账|公对公|对公打款|公司转账|对公汇款|公对公转账|对公转帐|公对公转帐|公司转帐|公司账户打款|公司账户付款|公司账户转账|走公账|公司账户付|用公司账户|走对公",
  "转账|汇款|匯款|银行转账|转帐|银行转帐|轉帳",
  "退款|退费|返款",
  "价格|价钱|报价|定价|售价|收费标准|价位|多少钱|多钱|什么价|花多少钱|要花多少|得花多少|花多少|收多少钱|收多少",
  "降价|便宜了|变便宜|掉价|跌价",
  "退差价|补差价|补差|价保|保价|价格保护|返差价|退还差价|补偿差价|降价补偿|降价退差",
  "优惠券|优惠卷|优惠码|折扣码|代金券|抵用券|折价券|折價券|优惠劵|代金卷|抵用卷|抵扣券|抵扣卷|券码|满减卷|满减劵",
  "积分|点数|積分|积份",
  "会员|vip|vip会员|會員",
  "账单|帐单|賬單|帳單",
  "发票|發票",
  "收据|小票",
  "尾款|余款|剩余款项|尾金|剩下的款|剩下的钱|剩余的钱|余下的钱|剩的钱",
  "到货通知|到货提醒|有货提醒|有货通知|补货提醒|补货通知|到货通知我",
  "邮箱|电邮|电子邮箱",
  // delivery
  "顺丰|sf|sf express|顺丰快递|順豐|顺丰速运|顺丰速递|顺丰快运",
  "京东快递|jd快递|京东物流|jd物流",
  "邮政|中国邮政|邮局|邮政快递|邮政包裹",
  "快递|快遞|包裹|宅配|宅急便|速递|快件",
  "快递单号|运单号|物流单号|快递号|单号|追踪号|追踪码|快递编号|运单编号|运单号码|物流编号|tracking号",
  "物流|物流信息|物流状态|快递信息|到哪了|到哪儿了|到哪里了|走到哪了|物流进度|快递进度|配送进度|运输进度|物流资讯|快递到哪|物流到哪|包裹到哪|走到哪个城市|到哪个城市|到哪个地方|在哪个城市|到什么地方了|wl",
  "发货|寄出|发出|出货|发走|寄出来|出库|寄货|fahuo|fa huo",
  "运费|yunfei|yun fei|邮费|快递费|邮资|运输费|运费钱|配送费|物流费|寄费|送货费|快递钱|快递的钱|邮寄费|邮寄费用|寄快递的钱|运费的钱",
  "包邮|免运费|免邮|免邮费|免运|免运费用|免配送费|包运费",
  "海外|国外|境外",
  "国际快递|国际物流|海外直邮",
  "便利店自提|超商取货|超商取貨|超商取件|便利商店取货|便利店取货|便利店取件",
  "驿站|快递柜|丰巢|菜鸟驿站|快递站|代收点|快递驿站|丰巢柜|智能柜|快递代收点",
  // orders and after-sales
  "下单|拍下|拍的|拍了|已拍|下了单|下的单",
  "取消|撤销|撤回|取消掉",
  "修改|更改|变更|改一下|更正",
  "改地址|换地址|换个地址|更换地址|改个地址|换一下地址|改一下地址",
  "退货|退貨|退掉|退回去",
  "吊牌完好|吊牌还在|吊牌都在|吊牌都还在|吊牌没拆|没拆吊牌|吊牌没剪|没剪吊牌|吊牌未拆",
  "未穿着|没穿过|没有穿过|没穿|未穿|没上身|没上过身",
  "未洗涤|没洗过|没有洗过|没洗|未洗|没下过水",
  "七天无理由|7天无理由|七日无理由|7日无理由|七天无条件|7天无条件",
  "换货|換貨|调换|换一个|换个新的",
  "换尺码|换码|换个码|换个尺码|换大一码|换小一码|换大码|换小码|换大一号|换小一号|换尺寸|换个尺寸|换个大小",
  "尺码|码数|尺寸|码子|码号|大一码|小一码|大一号|小一号|偏大|偏小|穿多大|穿几码|穿什么码|选多大|买多大|选几码|拍几码|拍多大|买几码|穿多大码|选什么码",
  "缺货|没货|无货|卖完|断货|售罄|卖光|没库存|没现货|无现货|暂无库存|库存不足|缺库存|码没了|没码了|没有码了|没我的码|断码了|卖没了|卖没|都卖没了|卖空了",
  "补货|补库存|再上架|上货|回货|再进货|重新上架|补一批",
  "破损|破了|碎了|摔坏|压坏|有洞|破洞|有个洞|有个破洞|破了个洞|破个洞|破了洞|烂了个洞|撕破|撕坏|刮破|划破|摔碎|压扁|压烂|磕坏|碰坏|裂了|裂开了|摔烂",
  "质量问题|品质问题|质量不好|做工差|质量差|质量太差|质量不行|质量很差|品质差|做工不好|做工粗糙|劣质|质量很烂|质量烂|质量好烂|做工烂|做工很烂|缝得很烂|缝得烂|缝得不好|做得很烂",
  "保修|保固|保修期|保固期|质保|质保期",
  "正品|真货|真品|保真|行货",
  "假货|仿品|高仿|山寨|a货|精仿|冒牌货|冒牌|盗版|是假的|是不是假的|会不会是假的|买到假的|卖假的|真的假的|假东西",
  "实体店|线下店|门店|专卖店|店面|线下门店|门市|实体店铺|线下实体|实体门店",
  "批发|大量采购|批量采购|量大|大批量|拿货|拿货价|进货价|批发价|代理价|进货",
  "预售|预购|預購",
  "礼品包装|包装成礼物|礼物包装|包好看|包得好看|包漂亮|包得漂亮|包好看点|包装好看",
  "客服时间|工作时间|上班时间|营业时间|几点上班|几点下班|服务时间|几点有人|什么时候有人|人工时间|几点开门|几点关门|营业到几点|开到几点|几点上线",
  // software and SaaS
  "专业版|pro版|pro|高级版|付费版",
  "企业版|enterprise版",
  "免费版|free版|免费的版本",
  "软件|软体|軟體|軟件",
  "网络|网路|網路|網絡",
  "短信|简讯|簡訊|sms",
  "视频|影片|视讯",
  "服务器|伺服器",
  "程序|程式",
  "内存|记忆体|記憶體",
  "鼠标|滑鼠",
  "网址|链接|連結|链结",
  "下载|下載",
  "上传|上傳",
  "接口|api|open api|开放接口|openapi|开放api|api接口|开发接口",
  "webhook|回调|web hook",
  "私有化部署|私有部署|本地化部署|本地部署|on-premise|on-prem|自建部署|独立部署|自己部署|自行部署|自主部署|私有云部署|内网部署|装在自己的机房|装在我们自己的|自己的机房|自己机房|自家机房|装在自己的服务器|装在自己服务器|自己的服务器上",
  "甘特图|甘特|gantt|gantt chart",
  "回收站|垃圾箱|废纸篓",
  "只读|只能看|仅查看|只看不改|只读权限|只能查看|只可查看|仅可查看|只可以看|view only|read only|readonly|只让看|只让他看|只让她看|只让他们看|只给看|只给他看|只许看|能看不能改|看不能改|只能看不能改|只看不能改|不让他改|不让她改|不让他们改",
  "邀请|拉进来|拉人|拉进",
  "宕机|崩了|挂了|崩溃",
  "打不开|进不去|上不去|无法访问|访问不了|转圈|加载不出来|白屏",
  "安卓|android|安卓手机|安卓系统|安卓机|安卓版",
  "ios|苹果手机|iphone|ipad|苹果系统|ios系统|苹果版|iphone版",
  "客户端|app|应用程序|手机版",
  "英文|英语",
  "试用|试一下|试试|先试|先用一下|先用用|先用着|用用看|先用用看|先体验|先体验一下|试用一下|先试用",
  "区别|差别|差异|差在哪|差在哪里|差在哪儿|差哪儿|有啥区别|有什么不同|有啥不同|不同之处|不一样的地方|有什么不一样|有啥不一样",
  "绑卡|绑信用卡|绑银行卡|绑定信用卡|绑定银行卡|绑定卡|绑个卡|绑张卡",
  "存储空间|多少g|多少gb|几个g|几g|几个gb|多少个g|多大空间|多少空间|能存多少",
  "响应时间|响应速度|回复速度|回应速度|多久回复|多快回复|多久响应|多快响应|多久回应|多久能回复|多快能回复|多快能处理|多快处理|多久处理|多久能处理",
  "退订|取消订阅|不再订阅|停止订阅|取消会员订阅",
  "自动续费|自动续订|自动扣费续费|自动续约|自动扣款续费|自动扣费|自动收费|自动续期",
  "续费|续订",
  // travel
  "报名|预订|预定|订团|报团|参团",
  "定金|订金|首付",
  "出发当天|出发那天|出发那一天|出发的那天|出发的那一天|出发日|出发当日|出团当天|出团那天|走的那天",
  "包团|单独成团|单独成一个团|单独成一团|单独一个团|独立成团|自己成团|自成一团|单独开团|单独发团",
  "自由活动|自己玩|自己逛|自由安排|自行安排|自己安排|自由支配|自由玩",
  "改期|改日期|推迟|延期|往后推|换日期|换团期|改时间|延后|往后挪|换个时间|换一天|改个日期|改一下日期|改出发日期|改出行日期",
  "退团|不去了|去不了|去不成|不参加了|不想去了|取消行程|取消出行|不去旅游了",
  "包含|包括|包不包括|包不包含|涵盖",
  "自费项目|另外花钱|额外费用|额外收费|另外收费|另外花什么钱|还要花什么钱|额外花钱|另外付钱|另外交钱|额外付费|隐形消费|隐性消费|隐藏费用|其他费用|另外买|要另外买|需要另外买|另外付|另付|另外掏钱|另外出钱",
  "购物店|购物点",
  "单房差|房差|单间差|多交住宿钱|多交房费|多付房费|补房费|补住宿费",
  "儿童|小孩|孩子|小朋友|宝宝|小孩子|小孩儿|孩童",
  "婴儿|婴幼儿",
  "老人|老年人|长辈|老人家|年纪大|岁数大|上年纪|上了年纪",
  "酒店|宾馆|旅馆",
  "包餐|管饭|包吃|含餐",
  "行李|箱子|行李箱",
  "机票|飞机票",
  "天气|冷不冷|热不热|气温",
  "换汇|换钱|兑换外币|换外币|外币兑换",
  "外币|日元|美元|欧元|港币|泰铢|韩元|英镑|现金外币",
  "疫苗|打针|打预防针|预防针|打什么针|打啥针|打哪些针|打哪种针|打几针",
  "导游|向导",
  "签证|签注|qianzheng|qian zheng",
  "企业微信|企微|wecom|企业wx|企业vx",
  "钉钉|dingtalk|dingding|叮叮",
  "飞书|lark|feishu",
  "微信|wx|vx|weixin|wechat|威信|薇信",
  "出发日期",
  "面料|料子|衣料",
  "香港|hk|hong kong|hongkong",
  // guards: words that contain one of the words above but mean something else
  "支付宝",
  "拍的照片",
  "拍了照片",
  "拍的图",
  "拍的视频",
  "发货单",
  "付款码",
  "删除",
  "手机壳",
  "购物车",
];

/** A trie of the words to replace: fast enough to run on every visitor's text. */
interface Node {
  next: Map<string, Node>;
  /** the word this path is read as, when a word ends here */
  to?: string;
}

export interface Synonyms {
  root: Node;
  /** how many words it replaces, for the admin page and tests */
  size: number;
}

const isLatin = (ch: string | undefined) => !!ch && /[a-z0-9]/.test(ch);

/**
 * Compiles lines of "word|equivalent|…" (each part folded the way text is: fold) into a table.
 * Later lines win over earlier ones: an enterprise's own words override the built-in ones.
 */
export function compileSynonyms(lines: string[][], fold: (s: string) => string): Synonyms {
  const root: Node = { next: new Map() };
  let size = 0;
  for (const [word, ...equivalents] of lines) {
    const to = fold(word!);
    if (!to) continue;
    for (const raw of [word!, ...equivalents]) {
      const from = fold(raw);
      if (!from) continue;
      let node = root;
      for (const ch of from) {
        let n = node.next.get(ch);
        if (!n) node.next.set(ch, (n = { next: new Map() }));
        node = n;
      }
      if (node.to === undefined) size++;
      node.to = to;
    }
  }
  return { root, size };
}

/** The text with every listed word replaced by the word it is read as, longest first, Latin words whole. */
export function applySynonyms(text: string, table: Synonyms): string {
  if (table.size === 0) return text;
  let out = "";
  let i = 0;
  while (i < text.length) {
    let node: Node | undefined = table.root;
    let end = -1;
    let to = "";
    for (let j = i; j < text.length && (node = node.next.get(text[j]!)); j++)
      if (node.to !== undefined && !(isLatin(text[i]) && isLatin(text[i - 1])) && !(isLatin(text[j]) && isLatin(text[j + 1]))) {
        end = j + 1;
        to = node.to;
      }
    if (end > 0) {
      out += to;
      i = end;
    } else out += text[i++];
  }
  return out;
}

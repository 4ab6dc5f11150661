// Every area's en strings. A new area adds its file here (and the same in the other language).
export { default as common } from "./common";
export { default as widget } from "./widget";
export { default as workspace } from "./workspace";
export { default as admin } from "./admin";
export { default as leads } from "./leads";
export { default as visitors } from "./visitors";
export { default as team } from "./team";
export { default as history } from "./history";
export { default as routing } from "./routing";
export { default as robot } from "./robot";
export { default as style } from "./style";
export { default as platform } from "./platform";
export { default as api } from "./api";
export { default as service } from "./service";
export { default as billing } from "./billing";
export { default as push } from "./push";
export { default as moderation } from "./moderation";

// A customer's contact details as every view of them shows them: the CRM's list and page
// (views/customers) and the workspace's customer card (src/workspace/app/customer-card.tsx).
export interface CustomerContact {
  id: string;
  name: string;
  phone: string;
  email: string;
  wechat: string;
  company: string;
  tags: string[];
}

// Which whole messages ask for a person (the robot then hands over instead of searching its knowledge base).
import { expect, test } from "bun:test";
import { asksForPerson } from "../../src/robot/human-request";

test("人工, 转人工, human and their obvious variants ask for a person", () => {
  const asks = ["人工", "转人工", "轉人工", "人工客服", "转人工客服！", "请转人工吧", "我要人工", "找真人", "客服", "联系客服", " 人 工 ", "human", "Human!", "talk to a human", "I want to speak to a person", "real person please", "agent", "live agent"];
  for (const text of asks) expect({ text, asks: asksForPerson(text) }).toEqual({ text, asks: true });
});

test("questions that mention people are questions, for the robot", () => {
  const questions = ["人工费多少", "客服电话是多少", "人工客服上班时间", "运费怎么算", "human readable invoice", "agent fee", "", "人工".repeat(30)];
  for (const text of questions) expect({ text, asks: asksForPerson(text) }).toEqual({ text, asks: false });
});

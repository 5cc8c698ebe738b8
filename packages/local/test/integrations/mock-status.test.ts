import { describe, expect, it } from "vitest";
import { mockStatusCode } from "../../src/integrations/mock-status";

describe("the status code of a MOCK request template, as API Gateway reads it", () => {
  it.each([
    ['{"statusCode": 201}', 201],
    ["{ statusCode: 204 }", 204],
    ["{'statusCode': 418}", 418],
    ["{statusCode: 200, 'note': 'single quotes'}", 200],
    ['{"statusCode": 202 ,, }', 202],
    ['{statusCode: 200, "": ""}', 200],
    ["{statusCode: 201, tags: [a, b]}", 201],
    ["$map.put('seen', 1)\n{\"statusCode\": 409}", 409],
    ["1\n{ statusCode: 409 }\n", 409],
    ['{"statusCode": -7}', -7],
    ["", 200],
    ["  \n", 200],
    ['{"other": true}', 200],
  ])("reads %j as %d", (rendered, expected) => {
    expect(mockStatusCode(rendered)).toBe(expected);
  });

  it.each([
    ['{"statusCode": "200"}', /not an integer/],
    ['{"statusCode": 200.5}', /not an integer/],
    ["{statusCode: '200'}", /not an integer/],
    ["{\"statusCode': 200 }", /does not close its quote/],
    ["{'statusCode: 200 }", /does not close its quote/],
    ["statusCode: 200", /not an object/],
    ["{statusCode: 200, {nested: [x]}", /not a key/],
    ["{statusCode: 200, loose}", /not a key: value member/],
    ['{"statusCode": 200} trailing', /not an object/],
    ["[200]", /not an object/],
  ])("refuses %j", (rendered, problem) => {
    const read = mockStatusCode(rendered);
    expect(typeof read).toBe("object");
    expect((read as { problem: string }).problem).toMatch(problem);
  });
});

export { createProgram, main } from "./main";
export { UserError } from "./user-error";

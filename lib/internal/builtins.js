// The names on globalThis before rtjs adds any (bootstrap imports this
// first): ECMAScript's own, as Node's util sees them when it decides which
// constructors are built in. Buffer, TextEncoder and the like are not.
export const ecmaGlobals = Object.getOwnPropertyNames(globalThis);

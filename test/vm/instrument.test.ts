import { describe, expect, it } from 'vitest'
import { instrument as instrumented, InstrumentError } from '../../vm/instrument.ts'

const instrument = (source: string, options?: { metering?: boolean }) => instrumented(source, options).code

describe('instrument', () => {
  it('charges function bodies, loop bodies, branches, cases and handlers', () => {
    const out = instrument(`function f(a) { for (let i = 0; i < a; i++) x(); if (a) y(); else z();
switch (a) { case 1: q(); break; default: r() }
try { s() } catch (e) {} finally {} while (1); do t(); while (0) }`)
    const charges = out.match(/__inkOog\(\)/g)!.length
    // top level, function, for body, if, else, 2 cases, try, catch, finally, while, do
    expect(charges).toBe(12)
  })

  it('keeps line numbers', () => {
    const source = 'const a = 1\nfunction f() {\n  return a + 1\n}\nfor (;;) f()\n'
    const out = instrument(source)
    expect(out.split('\n').length).toBe(source.split('\n').length)
    expect(out.split('\n')[2]).toContain('(__inkT=a + 1,')
  })

  it('prices growing arithmetic: numbers and short strings inline, the rest through prelude helpers', () => {
    const sum = (expression: string) =>
      `(__inkT=${expression},__inkT.length<=64?((__inkM-=__inkT.length+16)<0&&__inkOog(),__inkT):typeof __inkT==="number"?__inkT:__inkP(__inkT))`
    const number = (expression: string) => `(__inkT=${expression},typeof __inkT==="number"?__inkT:__inkP(__inkT))`
    expect(instrument('x = a + b')).toContain(`x = ${sum('a + b')}`)
    // BigInt growth of ** and << is bounded before they compute: those stay calls.
    expect(instrument('x = a * b ** c << d - e / f % g')).toContain(
      `x = __inkShl(${number('a * __inkPow(b , c)')} , ${number(`d - ${number(`${number('e / f')} % g`)}`)})`,
    )
    expect(instrument('x += y')).toContain(`x = ${sum('x+( y)')}`)
    // The right operand keeps its own precedence.
    expect(instrument('x += c ? 1 : 2')).toContain(`x = ${sum('x+( c ? 1 : 2)')}`)
    expect(instrument('o.p -= y')).toContain(`o.p = ${number('o.p-( y)')}`)
    expect(instrument('x **= y')).toContain('x = __inkPow(x, y)')
    expect(instrument('f().p *= y')).toContain('__inkUpdate(f(),"p" ,"*", y)')
    expect(instrument('a[f()] -= y')).toContain('__inkUpdate(a,f() ,"-", y)')
    expect(instrument('a\n  .b\n  .c -= y')).toContain('__inkUpdate(a\n  .b\n  ,"c" ,"-", y)')
    const template = (expression: string) => `(__inkT=${expression},__inkT.length<=64?((__inkM-=__inkT.length+16)<0&&__inkOog(),__inkT):__inkStr(__inkT))`
    // A template joins through the original String.prototype.concat, as QuickJS would through the priced one.
    expect(instrument('s = `a${b}c${ d /* } */ }`')).toContain(`s = ${template('__inkCat("a",b,"c", d /* } */ )')}`)
    expect(instrument('s = `${a}\\${b}${c}\\u0041`')).toContain(`s = ${template('__inkCat("",a,"${b}",c,"A")')}`)
    expect(instrument('s = `${a}${`in${b}`}`')).toContain(`s = ${template(`__inkCat("",a,${template('__inkCat("in",b)')})`)}`)
    // One whose text spans lines keeps its form (an edit may not remove a line break).
    expect(instrument('s = `a${b}\n${c}`')).toContain(`s = ${template('`a${b}\n${c}`')}`)
    expect(instrument('s = tag`a${b}`')).not.toContain('__inkT')
    expect(instrument('x = a /* + */ + b')).toContain(sum('a /* + */ + b'))
  })

  it('maps columns of the instrumented code back to the original', () => {
    const source = 'function f(a) {\n  const b = a + 1; return g(b)\n}'
    const out = instrumented(source)
    const line2 = out.code.split('\n')[1]!
    for (const token of ['const b', 'a', 'g(b)']) {
      expect(out.originalColumn(2, line2.indexOf(token === 'a' ? '(__inkT=a' : token) + (token === 'a' ? 8 : 0))).toBe(source.split('\n')[1]!.indexOf(token === 'a' ? 'a +' : token))
    }
  })

  it('converts expression-bodied arrows into charged blocks', () => {
    const out = instrument('const f = (x) => ({ x })')
    expect(out).toMatch(/\(x\) => \{if\(\(__inkG-=\d+\)<0\|\|\(__inkM-=64\)<0\)__inkOog\(\);return \(\(\{ x \}\)\);\}/)
  })

  it('counts what the syntax of a block allocates against the memory budget at its head', () => {
    // An object literal with two properties (48 + 2·16), an array of three (64 + 3·8), a closure
    // (72), a computed assignment (64): 80 + 88 + 72 + 64 bytes taken at the loop body's head.
    const out = instrument('for (;;) { const o = { a: 1, b: 2 }; const a = [1, 2, 3]; const f = () => 1; o[a] = f }')
    expect(out).toMatch(/for \(;;\) \{if\(\(__inkG-=\d+\)<0\|\|\(__inkM-=304\)<0\)__inkOog\(\);/)
    // A body that allocates nothing has no memory check (declaring g is the top level's allocation).
    expect(instrument('function g(x) { return x + 1 }')).toMatch(/^if\(\(__inkG-=\d+\)<0\|\|\(__inkM-=72\)<0\).*\{if\(\(__inkG-=\d+\)<0\)__inkOog\(\); return/s)
  })

  it('charges every instance field at each construction, static fields once with the class', () => {
    const out = instrument('class A { a = [1, 2]; b; [k] ; static s = [3] }')
    // The literal's 64 + 2·8 bytes and the slot's 16, in the field's own charge.
    expect(out).toMatch(/a = \(\(\(__inkG-=\d+\)<0\|\|\(__inkM-=96\)<0\)&&__inkOog\(\),\[1, 2\]\)/)
    expect(out).toMatch(/b=\(\(\(__inkG-=1\)<0\|\|\(__inkM-=16\)<0\)&&__inkOog\(\),void 0\)/)
    expect(out).toMatch(/\[k\]=\(\(\(__inkG-=1\)<0\|\|\(__inkM-=16\)<0\)&&__inkOog\(\),void 0\)/)
    expect(out).toContain('static s = [3]')
  })

  it('checks private writes except on the new `this` of a base class constructor, and marks derived instances', () => {
    const out = instrument('class A { #x; constructor() { this.#x = 1; const f = () => { this.#x = 2 } } set() { this.#x = 3 } }', { metering: false })
    expect(out).toContain(' this.#x = 1; const f = () => { __inkPW(this,this.#x = 2) } } set() { __inkPW(this,this.#x = 3) }')
    expect(instrument('class B extends A { #y; constructor() { super(); this.#y = 1 } }', { metering: false })).toContain(
      'class B extends A {static{if(__inkEpoch===0)__inkClass(this)}#__inkPv=(__inkEpoch===0&&__inkPrivates(this,(o,r)=>{if(#y in o)r.push(o.#y);}),void 0);#__inkFresh=(__inkPW(this,void 0)); #y; constructor() { super(); __inkPW(this,this.#y = 1) } }',
    )
    expect(instrument('class B extends A { #m() {} }')).toContain('#__inkFresh=(((__inkG-=1)<0||(__inkM-=16)<0)&&__inkOog(),__inkPW(this,void 0));')
    expect(instrument('class B extends A { x = 1; static #s = 1 }')).not.toContain('__inkFresh')
  })

  it('registers the instance as a root, at initialisation, from a field initialiser holding an arrow', () => {
    expect(instrument('class A { f = () => this; g = 1 }', { metering: false })).toBe('class A {static{if(__inkEpoch===0)__inkClass(this)} f = (__inkEpoch===0&&__inkRoots(()=>this),() => {return (this);}); g = 1 }')
    expect(instrument('class A { f = [() => 1] }')).toContain('f = (__inkEpoch===0&&__inkRoots(()=>this),((__inkG-=')
  })

  it('freezes a private method where it is read rather than called', () => {
    const out = instrument('class A { #m() {} #f = 1; g(t) { this.#m(); this.#m?.(); this.#m`x`; const k = this.#m; this.#f = this.#f; return [k, this.#m.name, t.#m] } }', { metering: false })
    expect(out).toContain('this.#m(); this.#m?.(); this.#m`x`; const k = __inkFz(this.#m);')
    expect(out).toContain('return [k, __inkFz(this.#m).name, __inkFz(t.#m)]')
    expect(out).toContain('this.#f = this.#f')
    // An inner class's own #m is a field there: it shadows the outer method.
    expect(instrument('class A { #m() {} g() { return class { #m = 1; h() { return this.#m } } } }', { metering: false })).not.toContain('__inkFz')
  })

  it('accepts `super` of a class, also in a class inside an object literal method', () => {
    expect(() => instrument('class A extends B { x = super.x; m() { return super.m() } static s() { return super.s } }')).not.toThrow()
    expect(() => instrument('const o = { m() { return class extends B { x = super.x; m() { return () => super.m() } } } }')).not.toThrow()
  })

  it('registers every class as a root of module state, with readers of its static privates and of each instance\'s private fields', () => {
    const out = instrument('class A { #f = 1; static #s; static #t() {} #m() {} get #g() { return 1 } set #g(v) {} }', { metering: false })
    expect(out).toContain(
      'class A {static{if(__inkEpoch===0)__inkClass(this,(o,r)=>{if(#s in o)r.push(o.#s);if(#t in o)r.push(o.#t);})}#__inkPv=(__inkEpoch===0&&__inkPrivates(this,(o,r)=>{if(#f in o)r.push(o.#f);}),void 0); #f = 1;',
    )
    expect(instrument('class A { #f }')).toContain('#__inkPv=(((__inkG-=1)<0||(__inkM-=16)<0)&&__inkOog(),__inkEpoch===0&&__inkPrivates(this,')
    expect(instrument('class A { x = 1; get #g() { return 1 } }', { metering: false })).toContain('class A {static{if(__inkEpoch===0)__inkClass(this)} x = 1;')
  })

  it('puts the charge after directives', () => {
    expect(instrument('function f() { "use strict"; g() }')).toMatch(/"use strict";if\(/)
  })

  const rejected: [string, string, RegExp][] = [
    ['the reserved prefix', 'let __inkG = 1', /1:4 identifier "__inkG" uses the reserved prefix/],
    ['async functions', 'async function f() {}', /async functions are not supported/],
    ['await', 'async () => { await 1 }', /async functions/],
    ['imports', 'import x from "y"', /import\/export syntax/],
    ['dynamic import', 'import("x")', /import\/export syntax/],
    ['regular expressions', 'const r = /a+/', /1:10 regular expressions are not supported/],
    ['`super` in an object literal method', 'const o = { m() { return () => super.x } }', /1:31 `super` in an object literal's method is not supported/],
    ['`super` in an object literal accessor', 'const o = { get m() { return super.x } }', /`super` in an object literal's method/],
    ['syntax errors', 'function (', /1:9 Unexpected token/],
    ['with (strict)', 'with (a) {}', /'with' in strict mode/],
    ['a NUL character', 'const a = 1\u0000', /U\+0000/],
    ['deep nesting', 'x = ' + '['.repeat(500) + ']'.repeat(500), /nested deeper than 200/],
    // Each `()=>0` gets a charge: ~280 KB of source instruments to over 2M characters.
    ['a bundle that instruments past MAX_SCRIPT_CHARS', `const a = [${'()=>0,'.repeat(47_000)}]`, /^1:0 instrumented, the bundle is \d+ characters, at most 2000000/],
  ]
  for (const [name, source, message] of rejected) {
    it(`rejects ${name}`, () => {
      expect(() => instrument(source)).toThrow(InstrumentError)
      expect(() => instrument(source)).toThrow(message)
    })
  }
})

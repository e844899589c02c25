-- Neovim (0.7 and later) as the LSP client of kmdf-check --lsp, headless:
--   KMDF_CHECK=... KMDF_EXAMPLE=dir KMDF_OUT=file \
--     nvim --headless -u NONE -i NONE -c 'luafile nvim-diagnostics.lua'
-- Opens the example driver's files, waits for the server's diagnostics and
-- writes what Neovim stored for each buffer to KMDF_OUT; then fixes the bug
-- in queue.c, saves, and writes queue.c's diagnostics again. The last line
-- is the server's exit status after Neovim stops it.
local tool = assert(os.getenv("KMDF_CHECK"))
local root = assert(os.getenv("KMDF_EXAMPLE"))
local out = assert(io.open(assert(os.getenv("KMDF_OUT")), "w"))
local files = { "hw.c", "interrupt.c", "queue.c" }
local published = {} -- uri -> number of publishDiagnostics received
local exit_code = nil

local function fail(message)
  out:write("FAILED: " .. message .. "\n")
  out:close()
  vim.cmd("cquit 1")
end

local function wait_for(what, condition)
  if not vim.wait(120000, condition, 50) then
    fail("timed out waiting for " .. what)
  end
end

vim.cmd("filetype on")
local client_id = vim.lsp.start_client({
  name = "kmdf-check",
  cmd = { tool, "--lsp" },
  root_dir = root,
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
      published[result.uri] = (published[result.uri] or 0) + 1
      return vim.lsp.handlers["textDocument/publishDiagnostics"](
        err, result, ctx, config)
    end,
  },
  on_exit = function(code) exit_code = code end,
})
if not client_id then fail("vim.lsp.start_client") end

local severities = { "error", "warning", "information", "hint" }

-- One line a diagnostic as Neovim stores it (zero-based, as LSP), then its
-- rule, documentation page and related information as the server sent them.
local function write_diagnostics(name, bufnr)
  local diagnostics = vim.diagnostic.get(bufnr)
  table.sort(diagnostics, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  out:write(string.format("%s: %d diagnostics\n", name, #diagnostics))
  for _, d in ipairs(diagnostics) do
    local lsp = (d.user_data or {}).lsp or {}
    out:write(string.format("  %d:%d-%d:%d %s %s [%s] %s\n", d.lnum, d.col,
      d.end_lnum, d.end_col, severities[d.severity], d.source,
      lsp.code or "-", d.message))
    if lsp.codeDescription then
      out:write("    docs " .. lsp.codeDescription.href .. "\n")
    end
    for _, r in ipairs(lsp.relatedInformation or {}) do
      local file = vim.fn.fnamemodify(vim.uri_to_fname(r.location.uri), ":t")
      out:write(string.format("    related %s:%d:%d %s\n", file,
        r.location.range.start.line, r.location.range.start.character,
        r.message))
    end
  end
end

local buffers = {}
for _, name in ipairs(files) do
  vim.cmd("edit " .. vim.fn.fnameescape(root .. "/" .. name))
  buffers[name] = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buffers[name], client_id)
end
for _, name in ipairs(files) do
  local uri = vim.uri_from_bufnr(buffers[name])
  wait_for(name .. "'s diagnostics", function() return published[uri] end)
  write_diagnostics(name, buffers[name])
end

-- Fix queue.c's bug in the buffer (drop the early release) and save.
vim.cmd("buffer " .. buffers["queue.c"])
local queue_uri = vim.uri_from_bufnr(buffers["queue.c"])
local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
for i, line in ipairs(lines) do
  if line:match("^      WdfInterruptReleaseLock") then
    vim.api.nvim_buf_set_lines(0, i - 1, i, false, {})
    break
  end
end
vim.cmd("write")
wait_for("queue.c's diagnostics after saving",
  function() return published[queue_uri] == 2 end)
out:write("after fixing and saving queue.c\n")
write_diagnostics("queue.c", buffers["queue.c"])

vim.lsp.stop_client(client_id)
wait_for("the server to exit", function() return exit_code ~= nil end)
out:write("server exit status " .. exit_code .. "\n")
out:close()
vim.cmd("qall!")
